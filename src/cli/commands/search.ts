/**
 * `process-agent search <log...> --out <agentDir> [--trials N | --minutes M] [--json]`: random
 * search with successive halving over learning rate, width, depth, heads, dropout, weight decay
 * and tokenizer, judged on validation accuracy; the winner is trained fully and saved as the
 * agent, with search.json (the table) and search-best.json beside it.
 */
import { searchHyperparameters } from '../../core/agent/search';
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { num, parse, READ_HELP, READ_OPTIONS, readOptions, TRAIN_OPTIONS, trainConfigFrom, UserError } from '../options';
import { PROTOCOL_OPTIONS, protocolFromArgs } from '../protocolArgs';
import { formatReport } from '../reportTable';

const HELP = `usage: process-agent search <log...> --out <agentDir> [--trials N | --minutes M] [--json] [training options as for train]
       [log reading options]

log reading options:
${READ_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { out: { type: 'string' }, trials: { type: 'string' }, minutes: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...TRAIN_OPTIONS, ...READ_OPTIONS, ...PROTOCOL_OPTIONS },
    'search',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UserError('search: name at least one log file, e.g. `process-agent search log.csv --out .process-agent --trials 9`.');
  const trials = num(values, 'trials', 'int');
  const minutes = num(values, 'minutes');
  if (trials === 0 || minutes === 0) throw new UserError('search: --trials and --minutes must be greater than 0.');
  const json = values.json === true;
  const result = await searchHyperparameters(
    {
      logs: positionals,
      agentDir: typeof values.out === 'string' ? values.out : DEFAULT_AGENT_DIR,
      base: trainConfigFrom(values),
      trials: trials ?? (minutes === undefined ? 9 : 27),
      minutes,
      read: readOptions(values),
      protocol: protocolFromArgs(values, positionals),
    },
    {
      onEvent: (e) => {
        if (e.type !== 'trial') return;
        const r = e.row;
        if (!json) process.stderr.write(`trial ${String(r.trial).padStart(2)}  rung ${r.rung}  ${r.epochs} epochs  ${r.preset.padEnd(12)} lr ${r.learningRate}  dropout ${r.dropout}  wd ${r.weightDecay}  ${r.tokenizer.padEnd(8)}  val ${(r.validationAccuracy * 100).toFixed(1)}%  ${r.seconds.toFixed(1)} s\n`);
      },
    },
  );
  if (json) {
    process.stdout.write(JSON.stringify({ best: result.best, bestValidationAccuracy: result.bestValidationAccuracy, accuracy: result.report?.agent.accuracy ?? null, stoppedByBudget: result.stoppedByBudget, table: result.table, report: result.report ?? null }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(`best: ${result.best.preset}, lr ${result.best.learningRate}, dropout ${result.best.dropout}, weight decay ${result.best.weightDecay}, ${result.best.tokenizer} tokenizer (validation ${(result.bestValidationAccuracy * 100).toFixed(1)}%)${result.stoppedByBudget ? ' — the time budget ended the search early' : ''}\n`);
  if (result.report) process.stdout.write(formatReport(result.report));
  return 0;
}
