/**
 * Train/test splits, each returned with a description, so every accuracy says how it was obtained.
 * No split looks at test cases to shape training beyond the cut it states.
 */
import type { Case } from '../log/types';
import { caseSpan } from '../log/cases';
import { mulberry32 } from '../mulberry32';

/** How a protocol splits cases into train and test (eval/types' EvalProtocol carries one). */
export type SplitKind =
  /** By case start time; `dropStraddling` removes train cases that end after the cut. */
  | { kind: 'chronological'; testFraction: number; dropStraddling: boolean }
  /** First cases in file order train, the rest test (Tax et al. 2017). */
  | { kind: 'file-order'; testFraction: number }
  /** A separate test file (e.g. Rama-Maneiro's train_val/test). */
  | { kind: 'files'; trainFile: string; testFile: string }
  /** Seeded random k-fold; `fold` is the held-out fold. */
  | { kind: 'k-fold'; folds: number; fold: number; seed: number };

export interface Split {
  train: Case[];
  test: Case[];
  description: string;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function checkFraction(f: number): void {
  if (!(f > 0 && f < 1)) throw new RangeError(`testFraction must be between 0 and 1 (exclusive), got ${f}`);
}


/**
 * Splits cases as `split` says. `testCases` is required for `{ kind: 'files' }` (the cases read
 * from `split.testFile`; `cases` are then those of `split.trainFile`).
 */
export function splitCases(cases: Case[], split: SplitKind, testCases?: Case[]): Split {
  switch (split.kind) {
    case 'file-order': {
      checkFraction(split.testFraction);
      const nTrain = Math.round(cases.length * (1 - split.testFraction));
      return {
        train: cases.slice(0, nTrain),
        test: cases.slice(nTrain),
        description: `file order: first ${nTrain} cases train, last ${cases.length - nTrain} test (${pct(split.testFraction)})`,
      };
    }
    case 'chronological':
      return chronological(cases, split.testFraction, split.dropStraddling);
    case 'files': {
      if (testCases === undefined) throw new Error('a "files" split needs the test file\'s cases');
      return {
        train: cases,
        test: testCases,
        description: `separate files: ${cases.length} train cases from ${split.trainFile}, ${testCases.length} test cases from ${split.testFile}`,
      };
    }
    case 'k-fold': {
      const { folds, fold, seed } = split;
      if (!(Number.isInteger(folds) && folds >= 2)) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
      if (!(Number.isInteger(fold) && fold >= 0 && fold < folds)) throw new RangeError(`fold must be in 0..${folds - 1}, got ${fold}`);
      // Fisher–Yates over indices, then fold i takes every folds-th shuffled position.
      const order = cases.map((_, i) => i);
      const rand = mulberry32(seed);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const inTest = new Uint8Array(cases.length);
      order.forEach((caseIndex, pos) => {
        if (pos % folds === fold) inTest[caseIndex] = 1;
      });
      // Keep file order inside each side so results do not depend on the shuffle beyond membership.
      return {
        train: cases.filter((_, i) => !inTest[i]),
        test: cases.filter((_, i) => inTest[i]),
        description: `seeded ${folds}-fold (seed ${seed}), fold ${fold} held out`,
      };
    }
  }
}

function chronological(cases: Case[], testFraction: number, dropStraddling: boolean): Split {
  checkFraction(testFraction);
  const spans = cases.map((c, i) => ({ c, i, ...caseSpan(c) }));
  const untimed = spans.filter((s) => Number.isNaN(s.start));
  if (untimed.length > 0) throw new Error(`a chronological split needs timestamps, but ${untimed.length} cases have none (e.g. "${untimed[0].c.id}")`);
  spans.sort((a, b) => a.start - b.start || a.i - b.i);
  const nTrain = Math.round(spans.length * (1 - testFraction));
  const cut = nTrain < spans.length ? spans[nTrain].start : Infinity;
  let train = spans.slice(0, nTrain);
  const test = spans.slice(nTrain).map((s) => s.c);
  let dropped = 0;
  if (dropStraddling) {
    // A train case still running at the cut would leak the test period into training.
    const kept = train.filter((s) => s.end < cut);
    dropped = train.length - kept.length;
    train = kept;
  }
  const cutText = Number.isFinite(cut) ? new Date(cut).toISOString() : 'end of log';
  return {
    train: train.map((s) => s.c),
    test,
    description:
      `chronological by case start: ${nTrain} earliest cases train, ${test.length} test (${pct(testFraction)}), cut at ${cutText}; ` +
      (dropStraddling ? `dropped ${dropped} train cases still running at the cut` : 'train cases straddling the cut kept'),
  };
}
