/**
 * eval.json keeps one report per protocol: the newest at the top level (the shape every reader
 * knows, an EvalReport), and every protocol's latest in `byProtocol`, keyed by its description,
 * so `eval --protocol tax` no longer overwrites the default protocol's numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { EvalReport } from '../eval/types';
import { agentPaths, writeJson } from '../train/agentDir';

export interface EvalFile extends EvalReport {
  byProtocol?: Record<string, EvalReport>;
}

export function mergeReports(previous: EvalFile | undefined, report: EvalReport): EvalFile {
  const byProtocol: Record<string, EvalReport> = {};
  if (previous) {
    const { byProtocol: old, ...last } = previous;
    Object.assign(byProtocol, old ?? { [last.protocol.description]: last });
  }
  const { byProtocol: _drop, ...plain } = report as EvalFile;
  byProtocol[plain.protocol.description] = plain;
  return { ...plain, byProtocol };
}

/** Adds `report` to the agent folder's eval.json. */
export function saveEvalReport(agentDir: string, report: EvalReport): void {
  const file = agentPaths(agentDir).evalReport;
  let previous: EvalFile | undefined;
  try {
    previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EvalFile) : undefined;
  } catch {
    previous = undefined; // an unreadable report is replaced, not merged
  }
  writeJson(file, mergeReports(previous, report));
}
