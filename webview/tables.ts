/** The evaluation tables (with their protocol) and the run history, drawn from the state. */
import type { EvalReport, Scores } from '../src/core/eval/types';
import type { RunSummary } from '../src/protocol';
import { h, pct } from './dom';

function scoreRow(name: string, s: Scores, best: boolean, id: string): HTMLTableRowElement {
  return h('tr', { class: best ? 'best' : undefined, id: `eval-row-${id}` },
    h('th', { scope: 'row' }, name),
    h('td', { 'data-value': s.accuracy, id: `eval-${id}-accuracy` }, pct(s.accuracy)),
    h('td', { 'data-value': s.top3, id: `eval-${id}-top3` }, pct(s.top3)),
    h('td', {}, s.prefixes.toLocaleString('en')));
}

export function evaluationView(report: EvalReport | undefined): HTMLElement {
  if (!report) return h('p', { class: 'muted', id: 'eval-empty' }, 'No evaluation yet. Train the agent, or run Evaluate.');
  const b = report.baselines;
  const strongest = Math.max(b.last1.accuracy, b.ngram.accuracy, b.prefix.accuracy);
  const summary = h('table', { id: 'eval-table', class: 'grid' },
    h('caption', {}, 'Next-activity accuracy on held-out cases'),
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'accuracy'), h('th', {}, 'top-3'), h('th', {}, 'prefixes'))),
    h('tbody', {},
      scoreRow('agent', report.agent, report.agent.accuracy >= strongest, 'agent'),
      scoreRow('last1 baseline', b.last1, false, 'last1'),
      scoreRow('n-gram baseline', b.ngram, false, 'ngram'),
      scoreRow('prefix baseline', b.prefix, false, 'prefix')));
  const byLength = h('table', { class: 'grid', id: 'eval-by-length' },
    h('thead', {}, h('tr', {}, h('th', {}, 'prefix length'), h('th', {}, 'accuracy'), h('th', {}, 'count'))),
    h('tbody', {}, ...report.agent.byPrefixLength.map((r) => h('tr', {}, h('td', {}, r.length), h('td', {}, pct(r.accuracy)), h('td', {}, r.count)))));
  const perActivity = h('table', { class: 'grid', id: 'eval-per-activity' },
    h('thead', {}, h('tr', {}, h('th', {}, 'activity'), h('th', {}, 'precision'), h('th', {}, 'recall'), h('th', {}, 'support'))),
    h('tbody', {}, ...[...report.agent.perActivity].sort((x, y) => y.support - x.support).map((a) =>
      h('tr', {}, h('td', { class: 'label' }, a.activity), h('td', {}, pct(a.precision)), h('td', {}, pct(a.recall)), h('td', {}, a.support)))));
  return h('div', {},
    h('p', { id: 'eval-protocol', class: 'protocol' }, h('strong', {}, 'Protocol: '), report.protocol.description),
    h('p', { class: 'muted' }, `${report.trainCases.toLocaleString('en')} training cases, ${report.testCases.toLocaleString('en')} test cases; baselines fitted on the same training cases and scored on the same prefixes (micro-averaged).`),
    summary,
    report.suffixSimilarity === undefined ? null : h('p', {}, `Suffix similarity (Damerau-Levenshtein): ${report.suffixSimilarity.toFixed(3)}`),
    h('details', {}, h('summary', {}, 'By prefix length'), byLength),
    h('details', {}, h('summary', {}, 'Per activity'), perActivity));
}

export function historyView(runs: RunSummary[]): HTMLElement {
  if (runs.length === 0) return h('p', { class: 'muted', id: 'history-empty' }, 'No runs yet.');
  return h('table', { id: 'history-table', class: 'grid' },
    h('thead', {}, h('tr', {}, h('th', {}, 'when'), h('th', {}, 'kind'), h('th', {}, 'accuracy'), h('th', {}, 'config'))),
    h('tbody', {}, ...runs.map((r) => {
      const c = r.config;
      const features = r.features && r.features.length > 0 ? `, + ${r.features.join(' + ')}` : '';
      const cfg = `${c.preset}, ${r.epochsRun ?? '?'}/${c.epochs} ep, lr ${c.learningRate}, batch ${c.batchSize}, ${c.tokenizer}${features}, ${r.device ?? c.device}`;
      const when = r.at ? new Date(r.at).toLocaleString() : '';
      return h('tr', { title: `logs: ${r.logs.join(', ')}${r.seconds ? ` · ${r.seconds.toFixed(0)} s` : ''}` },
        h('td', {}, when),
        h('td', {}, r.cancelled ? `${r.kind} (cancelled)` : r.kind),
        h('td', {}, pct(r.accuracy)),
        h('td', { class: 'config' }, cfg));
    })));
}
