// The dashboard's browser entry point: registers the toolkit components, says `ready`, and
// hands every host message to the one view. State comes from the host on each (re)load.
import {
  provideVSCodeDesignSystem, vsCodeButton, vsCodeDivider, vsCodeDropdown, vsCodeLink, vsCodeOption,
  vsCodeProgressRing, vsCodeTag, vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import type { HostToWebview, WebviewToHost } from '../src/protocol';
import { DashboardView } from './view';

provideVSCodeDesignSystem().register(
  vsCodeButton(), vsCodeDivider(), vsCodeDropdown(), vsCodeLink(), vsCodeOption(), vsCodeProgressRing(), vsCodeTag(), vsCodeTextField(),
);

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void };
const vscode = acquireVsCodeApi();
const post = (m: WebviewToHost): void => vscode.postMessage(m);

const view = new DashboardView(post);
window.addEventListener('message', (e: MessageEvent<HostToWebview>) => view.handle(e.data));
// VS Code toggles body classes (vscode-light / vscode-dark / high contrast) on theme change.
new MutationObserver(() => view.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
post({ type: 'ready' });
