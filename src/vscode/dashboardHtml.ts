/**
 * The dashboard page: a strict content security policy with a per-load nonce, every resource
 * through `asWebviewUri` from the two folders the view may read (dist, media). The toolkit
 * injects its styles at run time, hence 'unsafe-inline' for styles only.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folders the webview may load from; anything else is refused by VS Code. */
export function dashboardRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dashboard.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${css}">
  <title>Process Agent</title>
</head>
<body>
  <div id="notice" class="notice" role="status" hidden></div>
  <section id="logs-section" aria-labelledby="logs-heading">
    <h2 id="logs-heading">Event logs <vscode-button id="refresh-logs" appearance="icon" aria-label="Refresh logs" title="Refresh logs">↻</vscode-button></h2>
    <ul id="logs-list"></ul>
  </section>
  <section id="training-section" aria-labelledby="training-heading">
    <h2 id="training-heading">Training</h2>
    <div id="settings"></div>
    <div class="buttons">
      <vscode-button id="train-button">Train</vscode-button>
      <vscode-button id="stop-button" appearance="secondary">Stop</vscode-button>
      <vscode-button id="evaluate-button" appearance="secondary">Evaluate</vscode-button>
    </div>
    <div class="status"><vscode-progress-ring id="training-progress" hidden></vscode-progress-ring><span id="training-status" role="status"></span></div>
  </section>
  <section id="charts-section" aria-labelledby="charts-heading">
    <h2 id="charts-heading">Live charts</h2>
    <div class="chart"><canvas id="loss-chart" role="img" aria-label="loss chart"></canvas></div>
    <div class="chart"><canvas id="accuracy-chart" role="img" aria-label="accuracy chart"></canvas></div>
  </section>
  <section id="evaluation-section" aria-labelledby="evaluation-heading">
    <h2 id="evaluation-heading">Evaluation</h2>
    <div id="evaluation"></div>
  </section>
  <section id="history-section" aria-labelledby="history-heading">
    <h2 id="history-heading">Run history</h2>
    <div id="history"></div>
  </section>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
