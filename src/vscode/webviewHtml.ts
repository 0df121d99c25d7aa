/**
 * The one page shell of the extension's webviews (the dashboard and the Process Map panel): a
 * strict content security policy with a per-load nonce, the shared base stylesheet
 * (media/webviewBase.css) and the page's own, and one script, every resource through
 * `asWebviewUri` from the two folders a webview may read (dist, media).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folders the webviews may load from; anything else is refused by VS Code. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export interface WebviewPage {
  title: string;
  /** The bundle in dist/, e.g. 'processMap.js'. */
  script: string;
  /** The page's own stylesheet in media/, loaded after the base one. */
  stylesheet: string;
  /** A toolkit that injects its styles at run time needs 'unsafe-inline' for styles (never for scripts). */
  inlineStyles?: boolean;
  /** The page's body markup (trusted: written by the extension, never from log data). */
  body: string;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}${page.inlineStyles ? " 'unsafe-inline'" : ''}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${uri('media', 'webviewBase.css')}">
  <link rel="stylesheet" href="${uri('media', page.stylesheet)}">
  <title>${page.title}</title>
</head>
<body>
${page.body}
  <script nonce="${nonce}" src="${uri('dist', page.script)}"></script>
</body>
</html>`;
}
