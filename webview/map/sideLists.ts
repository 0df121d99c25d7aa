/**
 * The panel's side lists, drawn from the state: the critical path (with its bottlenecks), the
 * automation candidates (click: highlight the run; buttons: open as spec, export BPMN), the
 * variants (click: filter the map to it), and the open spec against the log.
 */
import type { AutomationCandidate, Insights, SpecOverlay, Variant } from '../../src/core/insight/types';
import type { MapToHost } from '../../src/protocol';
import { h, pct } from '../dom';
import { count, duration } from './scales';

type Post = (m: MapToHost) => void;

const arrow = (steps: readonly string[]): string => steps.join(' → ');

export function criticalView(insights: Insights | undefined, pending: boolean): HTMLElement {
  if (!insights) return h('p', { class: 'muted' }, pending ? 'Computing the critical path…' : 'No insights yet.');
  const cp = insights.criticalPath;
  const steps = h('ol', { class: 'steps', id: 'critical-steps' }, ...cp.perStep.map((p, i) =>
    h('li', { class: cp.agentDiffers?.includes(i) ? 'differs' : undefined, title: `median wait before it ${duration(p.medianWaitMs)}` },
      p.activity, h('span', { class: 'muted' }, ` · ${pct(p.waitShare, 0)} of the time waiting`))));
  const agent = cp.agentPath
    ? h('p', { class: 'muted' }, cp.agentDiffers && cp.agentDiffers.length > 0 ? `The agent's most likely case differs at ${cp.agentDiffers.length} step(s): ${arrow(cp.agentPath)}` : "The agent's most likely case is the same path.")
    : null;
  const bottlenecks = insights.bottlenecks.slice(0, 3);
  return h('div', {},
    h('p', {}, `${pct(cp.caseShare)} of cases follow it exactly; median throughput ${duration(cp.medianDurationMs)}.`),
    steps,
    agent,
    bottlenecks.length === 0 ? null : h('div', { class: 'bottlenecks' }, h('h3', {}, 'Bottlenecks (cases × median wait)'),
      h('ol', {}, ...bottlenecks.map((b) => h('li', {}, `${b.from} → ${b.to}`, h('span', { class: 'muted' }, ` · ${count(b.cases)} cases × ${duration(b.medianWaitMs)}`))))));
}

function candidateItem(c: AutomationCandidate, index: number, selected: boolean, select: (i: number) => void, post: Post): HTMLElement {
  const open = h('button', { type: 'button', class: 'open-spec', title: 'Open these steps as an untitled process spec' }, 'Open as spec');
  const bpmn = h('button', { type: 'button', class: 'export-bpmn secondary', title: 'Save as BPMN 2.0 (a sub-process of service tasks)' }, 'Export BPMN');
  open.addEventListener('click', (e) => (e.stopPropagation(), post({ type: 'openCandidateAsSpec', index })));
  bpmn.addEventListener('click', (e) => (e.stopPropagation(), post({ type: 'exportCandidateBpmn', index })));
  const item = h('li', { class: selected ? 'candidate selected' : 'candidate', 'data-index': index, tabindex: 0, 'aria-selected': selected ? 'true' : 'false', 'data-steps': JSON.stringify(c.steps) },
    h('div', { class: 'candidate-steps' }, arrow(c.steps), c.onCriticalPath ? h('span', { class: 'badge', title: 'on the critical path' }, 'critical path') : null),
    h('div', { class: 'muted' }, `${count(c.cases)} cases (${pct(c.caseShare)}) · precision ${pct(c.precision)} · saves ${duration(c.medianDurationMs)} each · ${c.resources.length} resource${c.resources.length === 1 ? '' : 's'}${c.resources.length > 0 && c.resources.length <= 3 ? ` (${c.resources.join(', ')})` : ''}`),
    h('div', { class: 'actions' }, open, bpmn));
  item.addEventListener('click', () => select(index));
  item.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(index);
    }
  });
  return item;
}

export function candidatesView(insights: Insights | undefined, pending: boolean, selected: number | undefined, select: (i: number) => void, post: Post): HTMLElement {
  if (!insights) return h('p', { class: 'muted' }, pending ? 'Finding automation candidates…' : 'No insights yet.');
  const source = insights.confidenceSource === 'agent'
    ? `Runs the trained agent predicts with confidence ≥ ${insights.threshold}; precision measured on held-out cases${insights.confidenceNote ? ` (${insights.confidenceNote})` : ''}.`
    : `No trained agent: runs whose next step follows with probability ≥ ${insights.threshold} in the log${insights.confidenceNote ? ` (${insights.confidenceNote})` : ''}. Train the agent for validated confidences.`;
  const list = insights.automationCandidates;
  return h('div', {},
    h('p', { class: 'muted', id: 'confidence-source' }, source),
    list.length === 0 ? h('p', { class: 'muted' }, 'No run of two or more steps reaches the threshold.') : h('ol', { class: 'candidates', id: 'candidate-list' }, ...list.map((c, i) => candidateItem(c, i, i === selected, select, post))));
}

export function variantsView(insights: Insights | undefined, filtered: number | undefined, post: Post): HTMLElement {
  const variants: readonly Variant[] | undefined = insights?.variants;
  if (!variants) return h('p', { class: 'muted' }, '–');
  const other = insights?.otherVariants;
  const all = h('button', { type: 'button', class: 'secondary', id: 'variant-all', disabled: filtered === undefined }, 'Show all cases');
  all.addEventListener('click', () => post({ type: 'filterVariant', index: null }));
  const items = variants.map((v, i) => {
    const li = h('li', { class: i === filtered ? 'variant selected' : 'variant', 'data-index': i, tabindex: 0, title: `Show only these ${count(v.cases)} cases: ${arrow(v.steps)}` },
      h('div', { class: 'variant-head' }, h('strong', {}, `#${i + 1}`), ` ${count(v.cases)} cases · ${pct(v.share)} · median ${duration(v.medianDurationMs)}`),
      h('div', { class: 'muted variant-steps' }, `${v.steps.length} steps: ${arrow(v.steps)}`));
    const toggle = () => post({ type: 'filterVariant', index: i === filtered ? null : i });
    li.addEventListener('click', toggle);
    li.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), toggle()));
    return li;
  });
  const rest = other && other.variants > 0 ? h('p', { class: 'muted' }, `other: ${count(other.variants)} variants, ${count(other.cases)} cases (${pct(other.share)})`) : null;
  return h('div', {}, all, h('ol', { class: 'variants', id: 'variant-list' }, ...items), rest);
}

export function specView(spec: { name: string; overlay: SpecOverlay } | undefined): HTMLElement | null {
  if (!spec) return null;
  const o = spec.overlay;
  const list = (title: string, id: string, rows: string[], none: string) =>
    h('div', {}, h('h3', {}, title), rows.length === 0 ? h('p', { class: 'muted' }, none) : h('ul', { id }, ...rows.map((r) => h('li', {}, r))));
  return h('div', {},
    h('p', {}, h('strong', {}, spec.name), ': ', h('span', { id: 'spec-exact', 'data-value': o.exactShare }, pct(o.exactShare)), ' of cases follow it exactly.'),
    list('In the spec, never in the log', 'spec-missing', [...o.stepsNotInLog.map((x) => `step: ${x}`), ...o.transitionsNotInLog.map((t) => `${t.from} → ${t.to}`)], 'Every step and transition occurs in the log.'),
    list('Frequent in the log, not in the spec', 'spec-extra', o.logTransitionsNotInSpec.slice(0, 8).map((t) => `${t.from} → ${t.to} (${count(t.cases)} cases)`), 'None.'));
}
