/**
 * Time predictions on the dashboard: remaining and next-event MAE beside the two time
 * baselines (with the p10–p90 coverage), and remaining-time MAE by prefix length as a chart
 * (agent, mean by length, transition system): how early the agent knows.
 */
import { Chart, type ChartDataset } from 'chart.js';
import type { EvalReport } from '../src/core/eval/types';
import type { TimeTargetReport } from '../src/core/eval/timeScore';
import { h, pct } from './dom';

type XY = { x: number; y: number };
let chart: Chart<'line', XY[]> | undefined;

const days = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} d` : '–');

function row(name: string, t: TimeTargetReport, id: string): HTMLTableRowElement {
  const ts = t.baselines.transitionSystem;
  const best = t.maeDays <= Math.min(t.baselines.mean.maeDays, ts.maeDays);
  // What the MAE is of (agent/servedTime.ts); when not the heads, the heads alone in the tooltip.
  const served = t.served && t.served.kind !== 'agent' ? t.served : undefined;
  return h('tr', { id: `time-row-${id}` },
    h('th', { scope: 'row' }, name),
    h('td', { id: `time-${id}-served`, title: served ? `${served.reason}; the heads alone: ${days(t.agentAlone?.maeDays ?? NaN)}` : (t.served?.reason ?? '') }, served ? served.name : 'agent'),
    h('td', { class: best ? 'best' : undefined, 'data-value': t.maeDays, id: `time-${id}-agent` }, days(t.maeDays)),
    h('td', { 'data-value': t.baselines.mean.maeDays }, days(t.baselines.mean.maeDays)),
    h('td', { 'data-value': ts.maeDays, title: `${ts.abstraction} abstraction, horizon ${ts.horizon}` }, days(ts.maeDays)),
    h('td', {}, days(t.medianAeDays)),
    h('td', { id: `time-${id}-coverage` }, pct(t.coverageP10P90)),
    h('td', {}, t.prefixes.toLocaleString('en')));
}

/** The time section, or null for a report without time predictions. Call `drawTimeChart` once it is in the page. */
export function timeView(report: EvalReport | undefined): HTMLElement | null {
  chart?.destroy();
  chart = undefined;
  const rem = report?.remainingTime;
  const next = report?.nextEventTime;
  if (!rem || !next) return null;
  return h('div', { id: 'time-eval' },
    h('table', { id: 'time-table', class: 'grid' },
      h('caption', {}, 'Time predictions on held-out cases: mean absolute error'),
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'served'), h('th', {}, 'MAE'), h('th', {}, 'mean by length'), h('th', {}, 'transition system'), h('th', {}, 'agent median'), h('th', {}, 'p10–p90 coverage'), h('th', {}, 'prefixes'))),
      h('tbody', {}, row('remaining time', rem, 'remaining'), row('time to next step', next, 'next'))),
    h('p', { class: 'muted' }, rem.protocol),
    h('div', { class: 'chart' }, h('canvas', { id: 'time-chart', role: 'img', 'aria-label': 'remaining-time MAE by prefix length' })));
}

export function drawTimeChart(report: EvalReport | undefined): void {
  const canvas = document.getElementById('time-chart') as HTMLCanvasElement | null;
  const rem = report?.remainingTime;
  if (!canvas || !rem) return;
  const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
  const series = (label: string, points: TimeTargetReport['byPrefixLength'], color: string, dash?: number[]): ChartDataset<'line', XY[]> => ({
    label, data: points.map((p) => ({ x: p.length, y: p.maeDays })), borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 2, borderDash: dash,
  });
  chart = new Chart<'line', XY[]>(canvas, {
    type: 'line',
    data: {
      datasets: [
        series('agent', rem.byPrefixLength, css('--vscode-charts-green', '#89d185')),
        series('mean by length', rem.baselines.mean.byPrefixLength, css('--vscode-charts-red', '#f14c4c'), [6, 4]),
        series('transition system', rem.baselines.transitionSystem.byPrefixLength, css('--vscode-charts-orange', '#d18616'), [3, 3]),
      ],
    },
    options: {
      animation: false, parsing: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'prefix length' } }, y: { type: 'linear', title: { display: true, text: 'remaining-time MAE (days)' }, min: 0 } },
    },
  });
  canvas.dataset.points = String(rem.byPrefixLength.length);
}
