// The Process Map panel's browser entry point: says `ready`, and hands every host message to
// the one view. State comes whole from the host on each (re)load.
import type { HostToMap, MapToHost } from '../../src/protocol';
import { PanelView } from './panelView';

declare function acquireVsCodeApi(): { postMessage(message: MapToHost): void };
const vscode = acquireVsCodeApi();
const post = (m: MapToHost): void => vscode.postMessage(m);

const view = new PanelView(post);
window.addEventListener('message', (e: MessageEvent<HostToMap>) => view.handle(e.data));
post({ type: 'ready' });
