/**
 * Every numeric command-line flag and its range, in one place: a value outside it (0 batches,
 * 1e308 learning rates, negative epochs, "abc") is one sentence naming the flag, the range and
 * what was given, before anything runs.
 */
export interface NumericFlag {
  kind: 'int' | 'float';
  min: number;
  max: number;
  /** An open lower end: the value must be greater than `min` (a learning rate of 0 learns nothing). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  unit?: string;
}

const int = (min: number, max: number, unit?: string): NumericFlag => ({ kind: 'int', min, max, unit });
const float = (min: number, max: number, open: { min?: boolean; max?: boolean } = {}): NumericFlag => ({ kind: 'float', min, max, minExclusive: open.min, maxExclusive: open.max });

export const NUMERIC_FLAGS: Record<string, NumericFlag> = {
  epochs: int(1, 100_000),
  lr: float(0, 1, { min: true }),
  batch: int(1, 4096),
  'weight-decay': float(0, 1),
  dropout: float(0, 1, { max: true }),
  warmup: float(0, 1),
  patience: int(1, 100_000),
  threads: int(0, 1024),
  seed: int(0, 2 ** 32 - 1),
  suffix: int(0, 10_000_000),
  'xes-workers': int(0, 64),
  'test-fraction': float(0, 1, { min: true, max: true }),
  'max-events': int(1, 1e12),
  'max-bytes': int(1, 2 ** 53),
  'max-activities': int(2, 1_000_000),
  trials: int(1, 100_000),
  minutes: float(0, 1e6, { min: true }),
  k: int(1, 1000),
  beam: int(1, 100),
  'max-steps': int(1, 100_000),
  length: int(1, 1_000_000),
};

function describeRange(f: NumericFlag): string {
  const what = f.kind === 'int' ? 'a whole number' : 'a number';
  const max = f.max >= 1e9 ? f.max.toExponential(0).replace('+', '') : String(f.max);
  if (!f.minExclusive && !f.maxExclusive) return `${what} from ${f.min} to ${max}`;
  return `${what} ${f.minExclusive ? `above ${f.min}` : `of at least ${f.min}`} and ${f.maxExclusive ? `below ${max}` : `at most ${max}`}`;
}

/** The value, or an error sentence. */
export function checkNumeric(name: string, raw: string): { value: number } | { error: string } {
  const f = NUMERIC_FLAGS[name] ?? float(0, Number.MAX_VALUE);
  const n = Number(raw);
  const ok =
    raw.trim() !== '' &&
    Number.isFinite(n) &&
    (f.kind === 'float' || Number.isInteger(n)) &&
    (f.minExclusive ? n > f.min : n >= f.min) &&
    (f.maxExclusive ? n < f.max : n <= f.max);
  return ok ? { value: n } : { error: `--${name} must be ${describeRange(f)}, got "${raw}".` };
}

/**
 * `--batch -1` would make node's parseArgs stop at "argument is ambiguous": join a numeric flag
 * and a following value that starts with '-' into `--batch=-1`, so the range check speaks.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && name in NUMERIC_FLAGS && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
