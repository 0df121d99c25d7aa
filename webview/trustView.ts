/** The trust lines above the evaluation: what is served and why, the baseline check, left-out cases, and each protocol's report. */
import type { DashboardTrust } from '../src/protocol';
import { h, pct } from './dom';

export function trustView(t: DashboardTrust | undefined): HTMLElement | undefined {
  if (!t) return undefined;
  const s = t.served;
  const served = s
    ? s.kind === 'agent'
      ? `Serving the agent: ${s.reason}.`
      : `Serving ${s.name} (${s.kind}): ${s.reason}${s.validation ? ` (${pct(s.validation.served)} vs the agent's ${pct(s.validation.agent)} on validation)` : ''}.`
    : undefined;
  const b = t.baselineCheck;
  return h('div', { id: 'trust' },
    served ? h('p', { id: 'trust-served', 'data-kind': s!.kind }, served) : null,
    b ? h('p', { id: 'trust-baseline-check', class: 'muted' }, `Validation check: strongest baseline ${b.strongest} ${pct(b.baselineAccuracy)} vs the agent's ${pct(b.agentAccuracy)} (paired z = ${b.z}${b.ahead ? ', significantly ahead' : ''}).`) : null,
    t.activitiesOnly
      ? h('p', { id: 'trust-activities-only', class: 'muted' }, `From a spec file (activities alone, no resources or times) the agent scores ${pct(t.activitiesOnly.accuracy)}; ${pct(t.activitiesOnly.withFeatures)} with the log's resources and times, as predict and the service get them.`)
      : null,
    t.excludedSeen ? h('p', { id: 'trust-excluded-seen', class: 'muted' }, `${t.excludedSeen.toLocaleString('en')} test cases were left out because the agent trained on them.`) : null,
    t.byProtocol.length > 1 || t.byProtocol.some((p) => p.excludedSeen)
      ? h('table', { id: 'trust-by-protocol', class: 'grid' },
          h('caption', {}, 'Every protocol evaluated'),
          h('thead', {}, h('tr', {}, h('th', {}, 'protocol'), h('th', {}, 'served'), h('th', {}, 'agent alone'), h('th', {}, 'left out'))),
          h('tbody', {}, ...t.byProtocol.map((p) => h('tr', {},
            h('td', { class: 'label' }, p.protocol),
            h('td', {}, `${pct(p.accuracy)}${p.served && p.served !== 'agent' ? ` (${p.served})` : ''}`),
            h('td', {}, p.agentAlone === undefined ? '' : pct(p.agentAlone)),
            h('td', {}, p.excludedSeen ?? 0)))))
      : null);
}
