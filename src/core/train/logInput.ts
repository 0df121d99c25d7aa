/**
 * Reads the training logs and splits them by the evaluation protocol, remembering what was done
 * (files, read options, protocol, case counts) so `eval` can rebuild exactly the same held-out
 * cases later. Also holds out the latest training cases for validation.
 */
import { resolve } from 'node:path';
import { caseSpan, traces } from '../log/cases';
import { splitCases } from '../data/split';
import type { EvalProtocol } from '../eval/types';
import { readLog } from '../log/read';
import type { Case, ReadOptions } from '../log/types';
import type { LogReading } from './types';

/** What split.json in the agent folder holds. */
export interface SavedSplit {
  logs: string[];
  read?: LogReading;
  protocol: EvalProtocol;
  trainCases: number;
  testCases: number;
  description: string;
  /** Ids of the test cases, for a sanity check when `eval` rebuilds the split. */
  testCaseIds: string[];
}

export interface LoadedSplit {
  train: Case[];
  test: Case[];
  traces(cases: readonly Case[]): string[][];
  saved: SavedSplit;
}

/** The options to read `file` with under `reading`: the common ones, then the file's own. */
export function readingFor(reading: LogReading | undefined, file: string): Omit<ReadOptions, 'signal'> {
  const { byLog, ...all } = reading ?? {};
  return { ...all, ...byLog?.[resolve(file)] };
}

/** Cases of several logs, one after the other; case ids are prefixed by file when there are several. */
export async function readLogs(files: readonly string[], read?: LogReading, signal?: AbortSignal, onWarning?: (message: string) => void): Promise<Case[]> {
  const out: Case[] = [];
  for (const file of files) {
    signal?.throwIfAborted();
    const log = await readLog(file, { ...readingFor(read, file), signal });
    for (const w of log.report.warnings) onWarning?.(`${file}: ${w}`);
    for (const c of log.cases) out.push(files.length > 1 ? { ...c, id: `${file}#${c.id}` } : c);
  }
  return out;
}

export async function loadSplit(logs: readonly string[], protocol: EvalProtocol, read?: LogReading, signal?: AbortSignal, onWarning?: (message: string) => void): Promise<LoadedSplit> {
  if (logs.length === 0) throw new Error('no log given; name at least one CSV, XES or OCEL file');
  // Absolute paths: split.json must lead `eval` back to the same files from any working folder
  // (the extension host's is not the shell's where `train` ran).
  const files = logs.map((f) => resolve(f));
  const longEnough = (cs: Case[]) => (protocol.minCaseLength ? cs.filter((c) => c.events.length >= protocol.minCaseLength!) : cs);
  const cases = longEnough(await readLogs(files, read, signal, onWarning));
  const testFileCases = protocol.split.kind === 'files' ? longEnough(await readLogs([protocol.split.testFile], read, signal, onWarning)) : undefined;
  const split = splitCases(cases, protocol.split, testFileCases);
  const cache = new Map<readonly Case[], string[][]>();
  return {
    train: split.train,
    test: split.test,
    traces: (cs) => {
      let t = cache.get(cs);
      if (!t) cache.set(cs, (t = traces(cs)));
      return t;
    },
    saved: {
      logs: files,
      read,
      protocol,
      trainCases: split.train.length,
      testCases: split.test.length,
      description: split.description,
      testCaseIds: split.test.map((c) => c.id),
    },
  };
}

/**
 * The last `fraction` of training cases become validation (at least one case when there are two
 * or more), in the order the protocol itself splits by: start time for a chronological split,
 * file order otherwise (Tax's file-order split; Rama's train_val file is train then val). So
 * early stopping is judged on the cases nearest to the test set, and never on a different kind
 * of cut than the one the reported number uses. Untimed cases keep file order.
 */
export function holdOutLatest(cases: readonly Case[], fraction: number, order: 'time' | 'file' = 'time'): { fit: Case[]; validation: Case[] } {
  if (cases.length < 2 || fraction <= 0) return { fit: [...cases], validation: [] };
  const sorted = cases.map((c, i) => ({ c, i, start: caseSpan(c).start }));
  if (order === 'time' && sorted.every((o) => !Number.isNaN(o.start))) sorted.sort((a, b) => a.start - b.start || a.i - b.i);
  const nVal = Math.min(cases.length - 1, Math.max(1, Math.round(cases.length * fraction)));
  const cut = cases.length - nVal;
  return { fit: sorted.slice(0, cut).map((o) => o.c), validation: sorted.slice(cut).map((o) => o.c) };
}
