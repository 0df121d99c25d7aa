/**
 * `process-agent eval <log> --agent <agentDir> [--json] [--protocol NAME | --test FILE] [--suffix N]`:
 * the agent's next-activity accuracy beside the last1, n-gram and prefix baselines, on the
 * held-out part of the split `train` used (same log, default) or as the protocol says.
 */
import { evaluateAgentDir } from '../../core/agent/evaluateDir';
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { saveEvalReport } from '../../core/agent/evalReports';
import { num, oneOf, parse, READ_HELP, READ_OPTIONS, readOptions, UserError } from '../options';
import { PROTOCOL_OPTIONS, protocolFromArgs } from '../protocolArgs';
import { formatReport } from '../reportTable';

const HELP = `usage: process-agent eval <log> --agent <agentDir> [--json] [--protocol default|tax|chronological] [--test-fraction F] [--test <testLog>]
       (cases the agent trained on are never scored: they are left out, and the report says how many)
       [--suffix N] [--device auto|cuda|cpu] [--threads N] [log reading options]

log reading options (default: those the agent was trained with):
${READ_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { agent: { type: 'string' }, json: { type: 'boolean' }, suffix: { type: 'string' }, device: { type: 'string' }, threads: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...READ_OPTIONS, ...PROTOCOL_OPTIONS },
    'eval',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError('eval: name exactly one log file, e.g. `process-agent eval log.csv --agent .process-agent --json`.');
  const agentDir = typeof values.agent === 'string' ? values.agent : DEFAULT_AGENT_DIR;
  const hasRead = Object.keys(READ_OPTIONS).some((k) => values[k] !== undefined);
  const report = await evaluateAgentDir(agentDir, positionals[0], {
    protocol: protocolFromArgs(values, positionals),
    read: hasRead ? readOptions(values) : undefined,
    suffixPrefixes: num(values, 'suffix', 'int'),
    device: oneOf(values, 'device', ['auto', 'cuda', 'cpu'] as const),
    threads: num(values, 'threads', 'int'),
    onLog: (m) => process.stderr.write(m + '\n'),
  });
  saveEvalReport(agentDir, report);
  if (values.json) {
    const { agent, ...rest } = report;
    process.stdout.write(JSON.stringify({ accuracy: agent.accuracy, top3: agent.top3, ...rest, agent }, null, 2) + '\n');
  } else process.stdout.write(formatReport(report));
  return 0;
}
