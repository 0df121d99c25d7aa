/**
 * `process-agent predict --agent <agentDir> [--k N] [--beam N] [--json] "step A" "step B" ...`:
 * the top-k next activities after the given steps, with probabilities, and the likely rest of
 * the case (beam search to the end).
 */
import { loadAgent } from '../../core/agent/loadAgent';
import { END_OF_CASE } from '../../core/agent/types';
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { num, oneOf, parse } from '../options';

const HELP = `usage: process-agent predict --agent <agentDir> [--k 5] [--beam 3] [--max-steps 50] [--json] "step A" "step B" ...
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { agent: { type: 'string' }, k: { type: 'string' }, beam: { type: 'string' }, 'max-steps': { type: 'string' }, json: { type: 'boolean' }, device: { type: 'string' }, threads: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
    const prediction = await agent.predictNext(positionals, k);
    const suffix = await agent.predictSuffix(positionals, num(values, 'beam', 'int') ?? 3, num(values, 'max-steps', 'int') ?? 50);
    if (values.json) {
      process.stdout.write(JSON.stringify({ prefix: positionals, next: prediction.next, unknownSteps: prediction.unknownSteps, suffix }, null, 2) + '\n');
      return 0;
    }
    if (prediction.unknownSteps.length > 0) process.stderr.write(`note: the agent has never seen ${prediction.unknownSteps.map((s) => `"${s}"`).join(', ')}\n`);
    process.stdout.write(`after ${positionals.length === 0 ? 'the start of a case' : positionals.map((s) => `"${s}"`).join(' → ')}:\n`);
    for (const n of prediction.next) process.stdout.write(`  ${(n.probability * 100).toFixed(1).padStart(5)}%  ${n.activity === END_OF_CASE ? '(end of case)' : n.activity}\n`);
    process.stdout.write(`likely rest of the case (p = ${Math.exp(suffix.logProb).toFixed(3)}): ${suffix.steps.length === 0 ? '(ends here)' : suffix.steps.join(' → ')}\n`);
    return 0;
  } finally {
    await agent.dispose();
  }
}
