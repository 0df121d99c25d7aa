/**
 * `process-agent insights <log> [--agent DIR] [--threshold 0.95] [--json]`: variants, the
 * critical path, bottlenecks and automation candidates (core/insight/insights.ts). Without
 * --json a readable report: the critical path, the top candidates, the bottlenecks.
 */
import { computeInsights, DEFAULT_THRESHOLD } from '../../core/insight/insights';
import type { Insights } from '../../core/insight/types';
import { readLog } from '../../core/log/read';
import { duration, percent } from '../insightOptions';
import { num, parse, READ_HELP, READ_OPTIONS, readOptions, UserError } from '../options';

const HELP = `usage: process-agent insights <log> [--agent DIR] [--threshold 0.95] [--json] [options]

Finds the log's critical path, its bottlenecks, and the automation candidates on it: maximal
runs of two or more steps whose next step is predicted with confidence ≥ threshold, with the
precision measured on held-out cases.

options:
  --agent DIR                a trained agent folder (its split.json gives the held-out cases);
                             without one, the log's transition probabilities are used
  --threshold T              confidence each predicted step needs (default ${DEFAULT_THRESHOLD})
  --top N                    candidates and variants in the report (default 10)
  --brief                    the report without bottlenecks (critical path and candidates)
  --json                     print one JSON object
${READ_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { agent: { type: 'string' }, threshold: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean' }, brief: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...READ_OPTIONS },
    'insights',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError(`insights: give exactly one log file.\n${HELP}`);
  const threshold = num(values, 'threshold') ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw new UserError(`--threshold must be above 0 and at most 1, got "${String(values.threshold)}".`);
  const top = num(values, 'top', 'int') ?? 10;
  const log = await readLog(positionals[0], readOptions(values));
  const insights = await computeInsights(log.cases, { agentDir: typeof values.agent === 'string' ? values.agent : undefined, threshold, topVariants: top });
  if (values.json) process.stdout.write(JSON.stringify(insights) + '\n');
  else process.stdout.write(report(insights, positionals[0], top, values.brief === true));
  for (const w of log.report.warnings) process.stderr.write(`warning: ${w}\n`);
  return 0;
}

export function report(ins: Insights, file: string, top = 10, brief = false): string {
  const cp = ins.criticalPath;
  const lines = [`${file}: ${ins.totalCases ?? 0} cases, ${ins.totalEvents ?? 0} events, ${ins.distinctVariants ?? ins.variants.length} variants`, ''];
  lines.push(`critical path (${percent(cp.caseShare)} of cases follow it exactly; median ${duration(cp.medianDurationMs)}):`);
  if (cp.steps.length === 0) lines.push('  (none: the log has no cases)');
  cp.perStep.forEach((s, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${s.activity}${s.medianWaitMs > 0 ? `  (waits ${duration(s.medianWaitMs)}, ${percent(s.waitShare)} of the path's waiting)` : ''}`));
  if (cp.agentPath) {
    lines.push(cp.agentDiffers && cp.agentDiffers.length > 0 ? `  the agent's most likely case differs at step ${cp.agentDiffers.map((i) => i + 1).join(', ')}: ${cp.agentPath.join(' → ')}` : "  the agent's most likely case is the same path");
  }
  lines.push('', `automation candidates (confidence ≥ ${ins.threshold} from ${ins.confidenceSource === 'agent' ? 'the agent' : "the log's transition probabilities (no agent given)"}; ${ins.confidenceNote ?? ''}):`);
  if (ins.automationCandidates.length === 0) lines.push('  (none: no run of two or more steps is predicted that confidently)');
  ins.automationCandidates.slice(0, top).forEach((c, i) => {
    lines.push(`  ${i + 1}. ${c.steps.join(' → ')}${c.onCriticalPath ? '  [on the critical path]' : ''}`);
    lines.push(`     ${c.cases} cases (${percent(c.caseShare)}), precision ${percent(c.precision)} on ${c.predictions ?? 0} held-out predictions, median ${duration(c.medianDurationMs)}, resources: ${c.resources.length === 0 ? '(none)' : c.resources.slice(0, 6).join(', ') + (c.resources.length > 6 ? ` +${c.resources.length - 6}` : '')}`);
  });
  if (brief) return lines.join('\n') + '\n';
  lines.push('', 'bottlenecks (cases × median wait):');
  if (ins.bottlenecks.length === 0) lines.push('  (none: no waiting time between steps)');
  for (const b of ins.bottlenecks) lines.push(`  ${duration(b.totalWaitMs).padStart(10)}  ${b.from} → ${b.to}  (${b.cases} cases × ${duration(b.medianWaitMs)})`);
  return lines.join('\n') + '\n';
}
