/**
 * The Process Map page's markup. No inline styles (the panel uses no toolkit; colours are
 * --vscode-* variables in media/processMap.css); the shell and its CSP are webviewHtml's.
 */
import type * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';

export function processMapHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, { title: 'Process Map', script: 'processMap.js', stylesheet: 'processMap.css', body: BODY });
}

const BODY = `  <header class="toolbar">
    <label class="field">Log <select id="log-select" aria-label="Event log"></select></label>
    <div class="toggle" role="group" aria-label="Map view">
      <button id="mode-frequency" type="button" aria-pressed="true">Frequency</button>
      <button id="mode-performance" type="button" aria-pressed="false">Performance</button>
    </div>
    <label class="field slider">Activities <input id="slider-activities" type="range" min="0" max="100" step="1" value="100"> <output id="value-activities">100%</output></label>
    <label class="field slider">Paths <input id="slider-paths" type="range" min="0" max="100" step="1" value="80"> <output id="value-paths">80%</output></label>
    <button id="fit" type="button" title="Fit the map to the window">Fit</button>
    <span id="stats" class="muted" role="status"></span>
  </header>
  <div id="notice" class="notice" role="status" hidden></div>
  <main class="layout">
    <section class="canvas" aria-label="Process map">
      <svg id="map" role="img" aria-label="Process map" xmlns="http://www.w3.org/2000/svg"></svg>
      <div id="legend" class="legend muted"></div>
    </section>
    <aside class="side">
      <section aria-labelledby="critical-heading"><h2 id="critical-heading">Critical path</h2><div id="critical"></div></section>
      <section aria-labelledby="candidates-heading"><h2 id="candidates-heading">Automation candidates</h2><div id="candidates"></div></section>
      <section aria-labelledby="variants-heading"><h2 id="variants-heading">Variants</h2><div id="variants"></div></section>
      <section id="spec-section" aria-labelledby="spec-heading" hidden><h2 id="spec-heading">Spec against log</h2><div id="spec"></div></section>
    </aside>
  </main>`;
