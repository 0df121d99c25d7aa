// The Process Map panel's browser entry point: says `ready`, and hands every host message to
// the one view. State comes whole from the host on each (re)load; what the person chose is kept
// with setState, so that after a window reload VS Code hands it to the host's panel serializer.
import type { HostToMap, MapPanelMemory, MapToHost } from '../../src/protocol';
import { PanelView } from './panelView';

declare function acquireVsCodeApi(): { postMessage(message: MapToHost): void; getState(): unknown; setState(state: MapPanelMemory): void };
const vscode = acquireVsCodeApi();
const post = (m: MapToHost): void => vscode.postMessage(m);

const view = new PanelView(post, (m) => vscode.setState(m), vscode.getState());
window.addEventListener('message', (e: MessageEvent<HostToMap>) => view.handle(e.data));
post({ type: 'ready' });
