/**
 * The dashboard page's markup. The toolkit injects its styles at run time, hence inline styles
 * (styles only); the shell and its CSP are webviewHtml's.
 */
import type * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';

export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, { title: 'Process Agent', script: 'webview.js', stylesheet: 'dashboard.css', inlineStyles: true, body: BODY });
}

const BODY = `  <div id="notice" class="notice" role="status" hidden></div>
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
  </section>`;
