/**
 * Which cases confidence may be measured on. With an agent: its held-out cases, from the split
 * `train` recorded in the agent folder (split.json), so a training case is never scored. A log
 * that shares no case id with that split is not the agent's training log, so all its cases are
 * unseen. With no agent: the log's transition probabilities are fitted on the first 80 % of
 * cases in file order and scored on the rest.
 */
import { CheckpointError } from '../model/checkpoint';
import type { Case } from '../log/types';
import { agentPaths, readJson } from '../train/agentDir';
import type { SavedSplit } from '../train/logInput';

export interface HeldOut {
  cases: Case[];
  note: string;
}

export function agentHeldOut(agentDir: string, cases: readonly Case[]): HeldOut {
  const saved = readJson<SavedSplit>(agentPaths(agentDir).split);
  if (!saved) throw new CheckpointError(agentDir, 'has no split.json, so its held-out cases are unknown; retrain the agent with `process-agent train`');
  const test = new Set(saved.testCaseIds);
  // Several training logs prefix case ids with their file ("file#id").
  const bare = new Set(saved.logs.length > 1 ? saved.testCaseIds.map((id) => id.slice(id.lastIndexOf('#') + 1)) : []);
  const held = cases.filter((c) => test.has(c.id) || bare.has(c.id));
  if (held.length > 0) {
    return { cases: held, note: `the agent's held-out cases (${held.length} of ${cases.length}; split.json: ${saved.description})` };
  }
  return { cases: [...cases], note: `none of the log's case ids is in the agent's training split, so all ${cases.length} cases are unseen and held out` };
}

export const TRANSITION_FIT_SHARE = 0.8;

/** Cases [0, fitCases) fit the transition probabilities; cases [scoreFrom, n) are scored. */
export function transitionSplit(cases: readonly Case[]): { fitCases: number; scoreFrom: number; heldOutCases: number; note: string } {
  if (cases.length < 2) {
    return { fitCases: cases.length, scoreFrom: 0, heldOutCases: cases.length, note: `only ${cases.length} case${cases.length === 1 ? '' : 's'}: transition probabilities fitted and scored on the same cases` };
  }
  const nFit = Math.min(cases.length - 1, Math.max(1, Math.round(cases.length * TRANSITION_FIT_SHARE)));
  return { fitCases: nFit, scoreFrom: nFit, heldOutCases: cases.length - nFit, note: `no agent: transition probabilities of the first ${nFit} cases (file order), scored on the last ${cases.length - nFit}` };
}
