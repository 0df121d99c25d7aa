/**
 * The two live charts: training + validation loss by step, and validation accuracy by epoch
 * with the best baseline as a dashed reference line. Colours come from the theme's CSS
 * variables, read when a chart is built (the view is rebuilt on theme change).
 */
import { Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';
import type { CurvePoint } from '../src/protocol';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);

type XY = { x: number; y: number };

/** The loss chart's series for the trainer's final retraining (phase 'refit'), drawn apart from the first training curve. */
const REFIT_LABEL = 'refit on all training cases';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function theme() {
  return {
    fg: cssVar('--vscode-foreground', '#ccc'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-widget-border', '#8884')),
    blue: cssVar('--vscode-charts-blue', '#3794ff'),
    orange: cssVar('--vscode-charts-orange', '#d18616'),
    green: cssVar('--vscode-charts-green', '#89d185'),
    red: cssVar('--vscode-charts-red', '#f14c4c'),
    purple: cssVar('--vscode-charts-purple', '#b180d7'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

function line(label: string, color: string, extra: Partial<ChartDataset<'line', XY[]>> = {}): ChartDataset<'line', XY[]> {
  return { label, data: [], borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 0, tension: 0.2, ...extra };
}

function makeChart(canvas: HTMLCanvasElement, datasets: ChartDataset<'line', XY[]>[], xTitle: string, yTitle: string, yRange?: { min: number; max: number }): Chart<'line', XY[]> {
  const t = theme();
  Chart.defaults.color = t.fg;
  Chart.defaults.font.family = t.font;
  return new Chart<'line', XY[]>(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      // Series with no points (e.g. no refit yet) stay out of the legend.
      plugins: { legend: { labels: { boxWidth: 12, filter: (item, data) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 } } },
      scales: {
        x: { type: 'linear', title: { display: true, text: xTitle }, grid: { color: t.grid } },
        y: { type: 'linear', title: { display: true, text: yTitle }, grid: { color: t.grid }, ...yRange },
      },
    },
  });
}

/**
 * Marks the canvas with its point count (all plotted series but the baseline line: training,
 * validation and refit points), so tests (and screen readers) can see it has data;
 * `data-refit-points` counts the refit series alone.
 */
function mark(canvas: HTMLCanvasElement, chart: Chart<'line', XY[]>, label: string): void {
  const n = chart.data.datasets.reduce((s, d) => s + (d.label === 'best baseline' ? 0 : d.data.length), 0);
  canvas.dataset.points = String(n);
  const refit = chart.data.datasets.find((d) => d.label === REFIT_LABEL);
  if (refit) canvas.dataset.refitPoints = String(refit.data.length);
  canvas.setAttribute('aria-label', `${label}: ${n} points`);
}

export class Charts {
  private loss: Chart<'line', XY[]>;
  private accuracy: Chart<'line', XY[]>;

  constructor(private readonly lossCanvas: HTMLCanvasElement, private readonly accuracyCanvas: HTMLCanvasElement) {
    const t = theme();
    this.loss = makeChart(
      lossCanvas,
      [line('training loss', t.blue), line('validation loss', t.orange, { pointRadius: 2 }), line(REFIT_LABEL, t.purple, { borderDash: [3, 3] })],
      'step',
      'loss',
    );
    this.accuracy = makeChart(
      accuracyCanvas,
      [line('validation accuracy', t.green, { pointRadius: 2 }), line('best baseline', t.red, { borderDash: [6, 4], tension: 0 })],
      'epoch',
      'accuracy',
      { min: 0, max: 1 },
    );
  }

  /** Replaces all data (after a full state snapshot). */
  set(train: CurvePoint[], validation: CurvePoint[], baseline: number | undefined, unit: 'step' | 'epoch' = 'step'): void {
    const x = this.loss.options.scales?.x;
    if (x && 'title' in x && x.title) x.title.text = unit;
    this.loss.data.datasets[0].data = train.filter((p) => !p.refit).map((p) => ({ x: p.step, y: p.loss }));
    this.loss.data.datasets[2].data = train.filter((p) => p.refit).map((p) => ({ x: p.step, y: p.loss }));
    this.loss.data.datasets[1].data = validation.map((p) => ({ x: p.step, y: p.loss }));
    this.accuracy.data.datasets[0].data = validation.map((p) => ({ x: p.epoch, y: p.accuracy ?? NaN }));
    this.setBaseline(baseline);
    this.redraw();
  }

  /** Appends live points without rebuilding. */
  add(train: CurvePoint[], validation: CurvePoint[]): void {
    for (const p of train) this.loss.data.datasets[p.refit ? 2 : 0].data.push({ x: p.step, y: p.loss });
    if (validation.length > 0) {
      this.loss.data.datasets[1].data.push(...validation.map((p) => ({ x: p.step, y: p.loss })));
      this.accuracy.data.datasets[0].data.push(...validation.map((p) => ({ x: p.epoch, y: p.accuracy ?? NaN })));
      this.setBaseline(this.accuracy.data.datasets[1].data[0]?.y);
    }
    this.redraw();
  }

  private setBaseline(baseline: number | undefined): void {
    const epochs = this.accuracy.data.datasets[0].data.map((p) => p.x);
    const lo = Math.min(1, ...epochs);
    const hi = Math.max(lo + 1, ...epochs);
    this.accuracy.data.datasets[1].data = baseline === undefined ? [] : [{ x: lo, y: baseline }, { x: hi, y: baseline }];
  }

  private redraw(): void {
    this.loss.update('none');
    this.accuracy.update('none');
    mark(this.lossCanvas, this.loss, 'loss chart');
    mark(this.accuracyCanvas, this.accuracy, 'accuracy chart');
  }

  dispose(): void {
    this.loss.destroy();
    this.accuracy.destroy();
  }
}
