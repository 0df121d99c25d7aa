/** An EvalReport as a few lines a person reads: the agent beside each baseline, and the protocol. */
import type { EvalReport } from '../core/eval/types';
import { describeServed } from '../core/agent/served';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

export function formatReport(r: EvalReport): string {
  // The first row is what is served; when that is not the agent, the agent alone follows it.
  const served = r.served && r.served.kind !== 'agent' ? r.served : undefined;
  const rows: [string, number, number][] = [
    [served ? `served: ${served.name}` : 'agent', r.agent.accuracy, r.agent.top3],
    ...(served && r.agentAlone ? [['agent alone', r.agentAlone.accuracy, r.agentAlone.top3] as [string, number, number]] : []),
    ...(r.activitiesOnly ? [['activities only (a spec file)', r.activitiesOnly.accuracy, r.activitiesOnly.top3] as [string, number, number]] : []),
    ['last1', r.baselines.last1.accuracy, r.baselines.last1.top3],
    ['n-gram', r.baselines.ngram.accuracy, r.baselines.ngram.top3],
    ['prefix', r.baselines.prefix.accuracy, r.baselines.prefix.top3],
  ];
  const width = Math.max(8, ...rows.map(([name]) => name.length));
  return [
    `protocol: ${r.protocol.description} — ${r.trainCases} train cases, ${r.testCases} test cases, ${r.agent.prefixes} prefixes scored`,
    ...(r.excludedSeen ? [`  only unseen cases scored: ${r.excludedSeen} test cases the agent trained on were left out`] : []),
    ...(r.served ? [`  ${describeServed(r.served, r.agentAlone?.accuracy)}`] : []),
    `  ${''.padEnd(width)} ${'accuracy'.padStart(8)} ${'top-3'.padStart(7)}`,
    ...rows.map(([name, acc, top3]) => `  ${name.padEnd(width)} ${pct(acc).padStart(8)} ${pct(top3)}`),
    ...(r.suffixSimilarity !== undefined ? [`  suffix similarity (Damerau-Levenshtein, beam 3): ${r.suffixSimilarity.toFixed(3)}`] : []),
    ...timeLines(r),
    '',
  ].join('\n');
}

/** Remaining and next-event MAE beside the time baselines, for agents with time heads. */
function timeLines(r: EvalReport): string[] {
  const d = (x: number) => `${x.toFixed(2)} d`.padStart(9);
  const line = (name: string, t: NonNullable<EvalReport['remainingTime']>) =>
    `  ${name.padEnd(16)} ${d(t.maeDays)} ${d(t.baselines.mean.maeDays)} ${d(t.baselines.transitionSystem.maeDays)}   ${(t.coverageP10P90 * 100).toFixed(0)}%`;
  if (!r.remainingTime || !r.nextEventTime) return [];
  return [
    `time MAE (${r.remainingTime.prefixes} prefixes)   agent      mean  trans.sys  p10–p90 coverage`,
    line('remaining time', r.remainingTime),
    line('next event', r.nextEventTime),
    ...servedTimeLines(r.remainingTime, r.nextEventTime),
  ];
}

/** What the time rows are of (agent/servedTime.ts), with the heads alone when that is not the agent. */
function servedTimeLines(...targets: NonNullable<EvalReport['remainingTime']>[]): string[] {
  return targets.flatMap((t, i) =>
    t.served && t.served.kind !== 'agent'
      ? [`  ${i === 0 ? 'remaining time' : 'next event'} serves ${t.served.name}: ${t.served.reason}; the heads alone: ${(t.agentAlone?.maeDays ?? NaN).toFixed(2)} d`]
      : [],
  );
}
