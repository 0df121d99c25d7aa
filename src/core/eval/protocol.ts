/**
 * The named evaluation protocols. A number means nothing without its protocol, so every
 * report carries one of these, with a description a person can read.
 */
import type { EvalProtocol, SplitKind } from './types';

export type ProtocolName = 'default' | 'tax' | 'rama' | 'chronological' | 'pgtnet';

/**
 * Tax et al. 2017: first 2/3 of cases in file order train, last 1/3 test, prefixes k ≥ 2,
 * end of case not a target.
 */
export function taxProtocol(): EvalProtocol {
  return withDescription({ split: { kind: 'file-order', testFraction: 1 / 3 }, minPrefix: 2, eosTarget: false });
}

/** Rama-Maneiro et al. 2021 ordered split: train on train_val, test on test, k ≥ 1, no EOS. */
export function ramaProtocol(trainFile: string, testFile: string): EvalProtocol {
  return withDescription({ split: { kind: 'files', trainFile, testFile }, minPrefix: 1, eosTarget: false });
}

/** Split by case start time; the last `testFraction` of cases (by start) are the test set. */
export function chronologicalProtocol(
  testFraction = 0.2,
  options: { dropStraddling?: boolean; minPrefix?: number; eosTarget?: boolean } = {},
): EvalProtocol {
  return withDescription({
    split: { kind: 'chronological', testFraction, dropStraddling: options.dropStraddling ?? false },
    minPrefix: options.minPrefix ?? 1,
    eosTarget: options.eosTarget ?? false,
  });
}

/**
 * PGTNet (Amirrezaei et al. 2024) for remaining time: cases of ≥ 3 events, sorted by first event,
 * chronological 64/16/20 (the trainer holds out the latest training cases for validation),
 * prefixes k ≥ 2, end of case not a target.
 */
export function pgtnetProtocol(): EvalProtocol {
  const p = { split: { kind: 'chronological', testFraction: 0.2, dropStraddling: false }, minPrefix: 2, eosTarget: false, minCaseLength: 3 } as const;
  return { ...p, split: { ...p.split }, description: `${describeProtocol(p)}, cases ≥ 3 events (PGTNet)` };
}

/**
 * What `train` and `eval` use unless told otherwise. Chronological by case start, because a
 * deployed agent only ever predicts cases that start after the ones it learnt from; a random
 * or file-order split lets the model peek at the future. 20% test keeps most data for
 * training on small logs. k ≥ 1 scores every prefix the editor can ask about. EOS is a target
 * because "this case is done" is a real answer the editor offers (the END suggestion), and an
 * agent that never learns when a case ends would look better than it is. Straddling training
 * cases are kept: next-step prediction learns transitions, not calendar time, and dropping
 * them would throw away up to a fifth of the training cases on a small log.
 */
export function defaultProtocol(): EvalProtocol {
  return chronologicalProtocol(0.2, { dropStraddling: false, minPrefix: 1, eosTarget: true });
}

/** "chronological 80/20 by case start (straddling kept), k ≥ 1, EOS a target" and the like. */
export function describeProtocol(p: Pick<EvalProtocol, 'split' | 'minPrefix' | 'eosTarget'>): string {
  return `${describeSplit(p.split)}, k ≥ ${p.minPrefix}, EOS ${p.eosTarget ? 'a target' : 'not a target'}`;
}

export function describeSplit(s: SplitKind): string {
  switch (s.kind) {
    case 'chronological': {
      const test = Math.round(s.testFraction * 100);
      return `chronological ${100 - test}/${test} by case start (straddling train cases ${s.dropStraddling ? 'dropped' : 'kept'})`;
    }
    case 'file-order':
      return `file order ${fraction(1 - s.testFraction)} train`;
    case 'files':
      return `train file ${baseName(s.trainFile)} → test file ${baseName(s.testFile)}`;
    case 'k-fold':
      return `random ${s.folds}-fold (fold ${s.fold} held out, seed ${s.seed})`;
  }
}

/** Looks a protocol up by name; "rama" needs its two files. */
export function protocolByName(name: ProtocolName, files?: { trainFile: string; testFile: string }): EvalProtocol {
  switch (name) {
    case 'default':
      return defaultProtocol();
    case 'tax':
      return taxProtocol();
    case 'chronological':
      return chronologicalProtocol(0.2);
    case 'pgtnet':
      return pgtnetProtocol();
    case 'rama':
      if (!files) throw new Error('the "rama" protocol needs a train file and a test file');
      return ramaProtocol(files.trainFile, files.testFile);
  }
}

function withDescription(p: Omit<EvalProtocol, 'description'>): EvalProtocol {
  return { ...p, description: describeProtocol(p) };
}

/** 2/3 for 0.666…, 80% otherwise: the papers speak in thirds. */
function fraction(f: number): string {
  for (const d of [2, 3, 4, 5]) for (let n = 1; n < d; n++) if (Math.abs(f - n / d) < 1e-9) return `${n}/${d}`;
  return `${Math.round(f * 100)}%`;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
