/**
 * `process-agent train <log...> --out <agentDir> [options]`: trains (or with --fine-tune,
 * continues) an agent in the training worker, shows progress on stderr, and prints the held-out
 * accuracy beside the baselines (or, with --json, one JSON object on stdout).
 */
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { startTraining } from '../../core/agent/workerClient';
import { protocolFromArgs, PROTOCOL_OPTIONS } from '../protocolArgs';
import { parse, READ_HELP, READ_OPTIONS, readOptions, TRAIN_OPTIONS, trainConfigFrom, UserError } from '../options';
import { progressRenderer } from '../progressBar';
import { formatReport } from '../reportTable';
import { describeEpochs } from '../../core/train/runSummary';

const HELP = `usage: process-agent train <log...> --out <agentDir> [--epochs N] [--preset tiny|small|base] [--json]
       [--lr X] [--batch N] [--device auto|cuda|cpu] [--threads N] [--tokenizer activity|bpe] [--fine-tune]
       [--features auto|off|resource|gap|all]
       [--protocol default|tax|chronological] [--test-fraction F] [--test <testLog>]
       [--max-activities N] [log reading options]

log reading options (the same for every log named):
${READ_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { out: { type: 'string' }, json: { type: 'boolean' }, 'fine-tune': { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...TRAIN_OPTIONS, ...READ_OPTIONS, ...PROTOCOL_OPTIONS },
    'train',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UserError('train: name at least one log file, e.g. `process-agent train log.csv --out .process-agent`.');
  const agentDir = typeof values.out === 'string' ? values.out : DEFAULT_AGENT_DIR;
  const config = trainConfigFrom(values);
  const protocol = protocolFromArgs(values, positionals);
  const json = values.json === true;
  const bar = progressRenderer();
  const handle = startTraining(
    { logs: positionals, agentDir, config, fineTune: values['fine-tune'] === true, read: readOptions(values), protocol },
    (e) => {
      if (e.type === 'progress' && !json) bar.update(e.progress);
      if (e.type === 'log' && (!json || e.level === 'warn')) process.stderr.write(`${e.level === 'warn' ? 'warning: ' : ''}${e.message}\n`);
    },
  );
  const onSigint = () => handle.cancel();
  process.once('SIGINT', onSigint);
  try {
    const { result, report } = await handle.done;
    bar.end();
    if (json) {
      process.stdout.write(JSON.stringify({ ...result, accuracy: report?.agent.accuracy ?? null, report: report ?? null }, null, 2) + '\n');
    } else if (result.cancelled) {
      process.stderr.write(`cancelled; the agent in ${agentDir} was left as it was.\n`);
    } else {
      const features = result.features?.used.length ? `, input features ${result.features.used.join(' + ')}` : '';
      if (result.features?.skipped && (config.features ?? 'auto') === 'auto') process.stderr.write(`feature trial skipped: ${result.features.skipped}\n`);
      process.stdout.write(`agent saved to ${agentDir} (${describeEpochs(result)}, ${result.seconds.toFixed(1)} s on ${result.device}, ${result.validationPrefixes === 0 ? 'no validation cases' : `best validation accuracy ${(result.bestValidationAccuracy * 100).toFixed(1)}%`}${features})\n`);
      if (report) process.stdout.write(formatReport(report));
    }
    return result.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    bar.end();
  }
}
