/**
 * `process-agent predict --agent <agentDir> [--k N] [--beam N] [--json] "step A" "step B@2024-03-01T10:00" ...`
 * (or `--events file.json`): the top-k next activities after the given steps, with
 * probabilities, the likely rest of the case (beam search to the end), and, for an agent with
 * time heads, the expected time to the next step and to the end with their p10–p90 ranges.
 */
import { loadAgent } from '../../core/agent/loadAgent';
import { END_OF_CASE } from '../../core/agent/types';
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { num, oneOf, parse } from '../options';
import { predictTimes, suffixTimes } from '../../core/agent/timePrediction';
import { formatDuration } from '../../core/agent/duration';
import { parseStep, readEventsFile } from '../timedPrefix';

const HELP = `usage: process-agent predict --agent <agentDir> [--k 5] [--beam 3] [--max-steps 50] [--json] "step A" "step B" ...
       process-agent predict --agent <agentDir> "step A@2024-03-01T10:00" "step B@2024-03-02T09:30"
       process-agent predict --agent <agentDir> --events case.json     ([{"activity": "...", "timestamp": "...", "resource": "..."}])
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { agent: { type: 'string' }, events: { type: 'string' }, k: { type: 'string' }, beam: { type: 'string' }, 'max-steps': { type: 'string' }, json: { type: 'boolean' }, device: { type: 'string' }, threads: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'predict',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const agent = await loadAgent(typeof values.agent === 'string' ? values.agent : DEFAULT_AGENT_DIR, {
    device: oneOf(values, 'device', ['auto', 'cuda', 'cpu'] as const),
    threads: num(values, 'threads', 'int'),
  });
  try {
    const k = num(values, 'k', 'int') ?? 5;
    const events = typeof values.events === 'string' ? [...readEventsFile(values.events), ...positionals.map(parseStep)] : positionals.map(parseStep);
    const steps = events.map((e) => e.activity);
    const features = agent.featuresOf(events); // resources and gaps, where the agent reads them
    const prediction = await agent.predictNext(steps, k, undefined, features);
    const suffix = await agent.predictSuffix(steps, num(values, 'beam', 'int') ?? 3, num(values, 'max-steps', 'int') ?? 50, undefined, features);
    const times = await predictTimes(agent, events);
    const stamps = times ? await suffixTimes(agent, events, suffix.steps) : undefined;
    const timed = events.length > 0 && Number.isFinite(events[events.length - 1].time ?? NaN);
    if (values.json) {
      const suffixOut = stamps ? { ...suffix, expectedTimes: timed ? stamps.map((t) => new Date(t).toISOString()) : undefined, expectedOffsetsMs: timed ? undefined : stamps } : suffix;
      process.stdout.write(JSON.stringify({ prefix: steps, next: prediction.next, unknownSteps: prediction.unknownSteps, suffix: suffixOut, ...(times ?? {}) }, null, 2) + '\n');
      return 0;
    }
    if (prediction.unknownSteps.length > 0) process.stderr.write(`note: the agent has never seen ${prediction.unknownSteps.map((s) => `"${s}"`).join(', ')}\n`);
    process.stdout.write(`after ${steps.length === 0 ? 'the start of a case' : steps.map((s) => `"${s}"`).join(' → ')}:\n`);
    for (const n of prediction.next) process.stdout.write(`  ${(n.probability * 100).toFixed(1).padStart(5)}%  ${n.activity === END_OF_CASE ? '(end of case)' : n.activity}\n`);
    process.stdout.write(`likely rest of the case (p = ${Math.exp(suffix.logProb).toFixed(3)}): ${suffix.steps.length === 0 ? '(ends here)' : suffix.steps.join(' → ')}\n`);
    if (times) {
      const range = (a: number, b: number) => `p10–p90 ${formatDuration(a)} – ${formatDuration(b)}`;
      process.stdout.write(`next step in ≈ ${formatDuration(times.nextEventInMs)} (${range(times.nextEvent.p10Ms, times.nextEvent.p90Ms)})\n`);
      process.stdout.write(`case ends in ≈ ${formatDuration(times.remainingTime.expectedMs)} (${range(times.remainingTime.p10Ms, times.remainingTime.p90Ms)})${timed ? `, around ${new Date(events[events.length - 1].time! + times.remainingTime.expectedMs).toISOString().slice(0, 16)}Z` : ''}\n`);
      if (stamps && suffix.steps.length > 0) {
        process.stdout.write(`expected times: ${suffix.steps.map((s, i) => `${s} ${timed ? `@${new Date(stamps[i]).toISOString().slice(0, 16)}Z` : `+${formatDuration(stamps[i])}`}`).join(' → ')}\n`);
      }
      if (!timed) process.stdout.write('(no timestamps given: times are predicted from the steps alone; add "step@2024-03-01T10:00" for better ones)\n');
    }
    return 0;
  } finally {
    await agent.dispose();
  }
}
