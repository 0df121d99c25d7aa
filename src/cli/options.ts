/**
 * Option parsing shared by the agent subcommands (train, eval, predict, search, export), on
 * node's util.parseArgs. Every mistake becomes one clear sentence (a UserError).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ReadOptions } from '../core/log/types';
import type { TrainConfig } from '../core/train/types';
import { trainConfig } from '../core/train/defaults';
import { checkNumeric, joinNegativeValues } from './numericFlags';

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(argv: string[], options: Options, command: string): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: joinNegativeValues(argv), options, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    throw new UserError(`${command}: ${(e as Error).message.replace(/\.?$/, '')}; see \`process-agent ${command} --help\`.`);
  }
}

/** A numeric flag's value, checked against its range in cli/numericFlags.ts (`_kind` is kept for old callers). */
export function num(values: Record<string, string | boolean | undefined>, name: string, _kind?: 'int' | 'float'): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const r = checkNumeric(name, typeof raw === 'string' ? raw : '');
  if ('error' in r) throw new UserError(r.error);
  return r.value;
}

export function oneOf<T extends string>(values: Record<string, string | boolean | undefined>, name: string, allowed: readonly T[]): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) throw new UserError(`--${name} must be one of ${allowed.join(', ')}, got "${String(raw)}".`);
  return raw as T;
}

/** Options that say how to read a log: CSV columns and dates, XES classifier and lifecycle, OCEL object type. */
export const READ_OPTIONS: Options = {
  'case-col': { type: 'string' },
  'activity-col': { type: 'string' },
  'time-col': { type: 'string' },
  'resource-col': { type: 'string' },
  'day-first': { type: 'boolean' },
  'month-first': { type: 'boolean' },
  classifier: { type: 'string' },
  lifecycle: { type: 'string' },
  'object-type': { type: 'string' },
  format: { type: 'string' },
  'max-events': { type: 'string' },
  'max-bytes': { type: 'string' },
};

/** The help lines for READ_OPTIONS, shared by every command that reads logs. */
export const READ_HELP = `  --case-col NAME            CSV column holding the case id
  --activity-col NAME        CSV column holding the activity
  --time-col NAME            CSV column holding the timestamp
  --resource-col NAME        CSV column holding the resource
  --day-first | --month-first   how to read dates like 03-04-2024 (default: decided from the values)
  --classifier name|name+lifecycle   XES activity label (default: name)
  --lifecycle LIST           keep only these lifecycle transitions, e.g. complete
  --object-type TYPE         OCEL: the object type whose objects become cases
                             (default: the type with the most event relations)
  --format csv|xes|ocel      skip format detection
  --max-events N             refuse a log with more events (default 5000000)
  --max-bytes N              refuse a log with more text bytes after gunzip (default 4 GiB)
`;

export function readOptions(values: Record<string, string | boolean | undefined>): Omit<ReadOptions, 'signal'> {
  const columns: NonNullable<ReadOptions['columns']> = {};
  if (typeof values['case-col'] === 'string') columns.caseId = values['case-col'];
  if (typeof values['activity-col'] === 'string') columns.activity = values['activity-col'];
  if (typeof values['time-col'] === 'string') columns.time = values['time-col'];
  if (typeof values['resource-col'] === 'string') columns.resource = values['resource-col'];
  const out: Omit<ReadOptions, 'signal'> = {};
  if (Object.keys(columns).length > 0) out.columns = columns;
  if (values['day-first'] === true && values['month-first'] === true) throw new UserError('give --day-first or --month-first, not both.');
  if (values['day-first'] === true) out.dayFirst = true;
  if (values['month-first'] === true) out.dayFirst = false;
  const classifier = oneOf(values, 'classifier', ['name', 'name+lifecycle'] as const);
  if (classifier) out.classifier = classifier;
  if (typeof values.lifecycle === 'string') out.lifecycleFilter = values.lifecycle.split(',').map((s) => s.trim()).filter(Boolean);
  if (typeof values['object-type'] === 'string') out.objectType = values['object-type'];
  const format = oneOf(values, 'format', ['csv', 'xes', 'ocel'] as const);
  if (format) out.format = format;
  const maxEvents = num(values, 'max-events');
  if (maxEvents !== undefined) out.maxEvents = maxEvents;
  const maxBytes = num(values, 'max-bytes');
  if (maxBytes !== undefined) out.maxBytes = maxBytes;
  return out;
}

/** Training knobs, each optional on the command line. */
export const TRAIN_OPTIONS: Options = {
  epochs: { type: 'string' },
  preset: { type: 'string' },
  lr: { type: 'string' },
  batch: { type: 'string' },
  'weight-decay': { type: 'string' },
  dropout: { type: 'string' },
  warmup: { type: 'string' },
  decay: { type: 'string' },
  patience: { type: 'string' },
  device: { type: 'string' },
  threads: { type: 'string' },
  tokenizer: { type: 'string' },
  features: { type: 'string' },
  seed: { type: 'string' },
  'max-activities': { type: 'string' },
};

export function trainConfigFrom(values: Record<string, string | boolean | undefined>, base: Partial<TrainConfig> = {}): TrainConfig {
  const preset = values.preset;
  return trainConfig({
    ...base,
    preset: typeof preset === 'string' ? preset : base.preset,
    epochs: num(values, 'epochs', 'int') ?? base.epochs,
    learningRate: num(values, 'lr') ?? base.learningRate,
    batchSize: num(values, 'batch', 'int') ?? base.batchSize,
    weightDecay: num(values, 'weight-decay') ?? base.weightDecay,
    dropout: num(values, 'dropout') ?? base.dropout,
    warmup: num(values, 'warmup') ?? base.warmup,
    decay: oneOf(values, 'decay', ['cosine', 'linear', 'constant'] as const) ?? base.decay,
    patience: num(values, 'patience', 'int') ?? base.patience,
    device: oneOf(values, 'device', ['auto', 'cuda', 'cpu'] as const) ?? base.device,
    threads: num(values, 'threads', 'int') ?? base.threads,
    tokenizer: oneOf(values, 'tokenizer', ['activity', 'bpe'] as const) ?? base.tokenizer,
    features: oneOf(values, 'features', ['auto', 'off', 'resource', 'gap', 'all'] as const) ?? base.features,
    seed: num(values, 'seed', 'int') ?? base.seed,
    maxActivities: num(values, 'max-activities') ?? base.maxActivities,
  });
}
