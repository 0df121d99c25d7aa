/**
 * The dashboard's one drawing path: `render(state)` rebuilds every section from a full state
 * snapshot; live progress only appends to the charts and updates the status line.
 */
import type { DashboardSettingKey, DashboardState, HostToWebview, LogSummary, WebviewToHost } from '../src/protocol';
import type { TrainProgress } from '../src/core/train/types';
import { Charts } from './charts';
import { byId, h, pct } from './dom';
import { evaluationView, historyView } from './tables';
import { trustView } from './trustView';
import { drawTimeChart, timeView } from './timeView';

type Post = (m: WebviewToHost) => void;

function logItem(l: LogSummary, post: Post): HTMLElement {
  const s = l.stats;
  const detail = s
    ? `${s.cases.toLocaleString('en')} ${l.objectType ? `${l.objectType} cases` : 'cases'} · ${s.events.toLocaleString('en')} events · ${s.activities} activities · ${s.meanCaseLength.toFixed(1)} events/case`
    : l.error ?? 'reading…';
  const link = h('vscode-link', { href: '#', title: `Open ${l.path}` }, l.path);
  link.addEventListener('click', (e) => {
    e.preventDefault();
    post({ type: 'openLog', path: l.path });
  });
  const map = h('vscode-link', { href: '#', class: 'show-map', title: `Show the process map of ${l.path}` }, 'map');
  map.addEventListener('click', (e) => {
    e.preventDefault();
    post({ type: 'showMap', path: l.path });
  });
  return h('li', { class: l.error ? 'log error' : 'log' }, link, ' ', h('vscode-tag', {}, l.format), ' ', map, h('div', { class: 'muted' }, detail));
}

function describe(p: TrainProgress | undefined): string {
  if (!p) return 'starting…';
  if (p.phase === 'preparing') return 'reading logs and preparing…';
  const eta = Number.isFinite(p.etaSeconds) ? `, about ${Math.ceil(p.etaSeconds)} s left` : '';
  const val = p.validation ? `, validation accuracy ${pct(p.validation.accuracy)}` : '';
  const loss = Number.isFinite(p.loss) ? p.loss.toFixed(3) : '–';
  // The refit retrains from fresh weights on all training cases; naming it explains its high starting loss.
  const phase = p.phase === 'refit' ? 'refitting on all training cases' : p.phase;
  return `${phase} · epoch ${p.epoch}/${p.epochs} · step ${p.step}/${p.totalSteps} · loss ${loss}${val}${eta}`;
}

const NUMBER_FIELDS: { key: Exclude<DashboardSettingKey, 'preset' | 'device'>; label: string; integer: boolean }[] = [
  { key: 'epochs', label: 'Epochs', integer: true },
  { key: 'learningRate', label: 'Learning rate', integer: false },
  { key: 'batchSize', label: 'Batch size', integer: true },
];

export class DashboardView {
  private charts: Charts;
  private state: DashboardState | undefined;

  constructor(private readonly post: Post) {
    this.charts = new Charts(byId<HTMLCanvasElement>('loss-chart'), byId<HTMLCanvasElement>('accuracy-chart'));
    byId('train-button').addEventListener('click', () => post({ type: 'train' }));
    byId('stop-button').addEventListener('click', () => post({ type: 'stop' }));
    byId('evaluate-button').addEventListener('click', () => post({ type: 'evaluate' }));
    byId('refresh-logs').addEventListener('click', () => post({ type: 'refreshLogs' }));
  }

  handle(m: HostToWebview): void {
    switch (m.type) {
      case 'state':
        this.render(m.state);
        return;
      case 'progress':
        this.charts.add(m.train, m.validation);
        byId('training-status').textContent = describe(m.progress);
        return;
      default: {
        const never: never = m;
        console.warn('unknown message', never);
      }
    }
  }

  render(state: DashboardState): void {
    this.state = state;
    const notice = byId('notice');
    notice.textContent = state.notice ?? '';
    notice.hidden = !state.notice;

    byId('logs-list').replaceChildren(...(state.logs.length ? state.logs.map((l) => logItem(l, this.post)) : [h('li', { class: 'muted' }, state.trusted ? 'No event logs found (see the processAgent.logs.include setting).' : 'Logs are not read in a restricted workspace.')]));
    this.renderSettings(state);

    const running = state.training.running;
    byId('train-button').toggleAttribute('disabled', running || !state.trusted);
    byId('stop-button').toggleAttribute('disabled', !running);
    byId('evaluate-button').toggleAttribute('disabled', running || !state.trusted || !state.agent.exists);
    byId('training-progress').hidden = !running;
    byId('training-status').textContent = running
      ? describe(state.training.progress)
      : state.agent.exists
        ? `Agent ready in ${state.agent.folder} (${state.agent.activities || '?'} activities).`
        : 'No agent trained yet.';

    const baseline = state.report ? Math.max(...Object.values(state.report.baselines).map((s) => s.accuracy)) : undefined;
    this.charts.set(state.curves.train, state.curves.validation, baseline, state.curves.unit);
    byId('evaluation').replaceChildren(trustView(state.trust) ?? '', evaluationView(state.report), timeView(state.report) ?? '');
    drawTimeChart(state.report);
    byId('history').replaceChildren(historyView(state.history));
  }

  private renderSettings(state: DashboardState): void {
    const box = byId('settings');
    const active = document.activeElement;
    if (active && box.contains(active)) return; // do not clobber what is being typed
    const s = state.settings;
    const dropdown = (key: 'preset' | 'device', label: string, options: string[]) => {
      const dd = h('vscode-dropdown', { id: `setting-${key}`, 'aria-label': label }, ...options.map((o) => h('vscode-option', { value: o, selected: o === s[key] }, o)));
      dd.addEventListener('change', () => this.post({ type: 'setSetting', key, value: (dd as HTMLSelectElement).value }));
      return h('label', { class: 'field' }, h('span', {}, label), dd);
    };
    const fields = NUMBER_FIELDS.map(({ key, label, integer }) => {
      const tf = h('vscode-text-field', { id: `setting-${key}`, value: String(s[key]), size: 8 }, label);
      tf.addEventListener('change', () => {
        const v = Number((tf as HTMLInputElement).value);
        const ok = Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v));
        tf.classList.toggle('invalid', !ok);
        if (ok) this.post({ type: 'setSetting', key, value: v });
      });
      return tf;
    });
    box.replaceChildren(dropdown('preset', 'Preset', state.presets), dropdown('device', 'Device', ['auto', 'cuda', 'cpu']), ...fields);
    box.toggleAttribute('disabled', state.training.running);
  }

  /** The theme changed: chart colours are read at construction, so rebuild the charts. */
  retheme(): void {
    this.charts.dispose();
    this.charts = new Charts(byId<HTMLCanvasElement>('loss-chart'), byId<HTMLCanvasElement>('accuracy-chart'));
    if (this.state) this.render(this.state);
  }
}
