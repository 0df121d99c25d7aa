/**
 * Evaluates a saved agent on a log. On the log it was trained on, with no other protocol asked
 * for, it rebuilds the exact split `train` used (split.json) and scores its held-out cases. On
 * another log the whole log is the test set, and the baselines are fitted on the agent's own
 * training cases, so the comparison stays fair.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EvalProtocol, EvalReport } from '../eval/types';
import { describeProtocol } from '../eval/protocol';
import type { Case } from '../log/types';
import type { LogReading } from '../train/types';
import { agentPaths, readJson } from '../train/agentDir';
import { loadSplit, readLogs, type SavedSplit } from '../train/logInput';
import { traces } from '../log/cases';
import { OTHER_ACTIVITY } from '../tokenize/other';
import { CheckpointError } from '../model/checkpoint';
import { evaluateAgent } from './evaluate';
import { dropSeen, seenCases } from './unseenCases';
import { loadAgent, type LoadAgentOptions } from './loadAgent';
import { addTimeScores } from './timeHeads';

export interface EvaluateDirOptions extends LoadAgentOptions {
  /** A protocol to apply to `log` instead of the saved one. */
  protocol?: EvalProtocol;
  read?: LogReading;
  suffixPrefixes?: number;
  signal?: AbortSignal;
  onLog?: (message: string) => void;
}

export async function evaluateAgentDir(agentDir: string, log: string, options: EvaluateDirOptions = {}): Promise<EvalReport> {
  const paths = agentPaths(agentDir);
  if (!existsSync(paths.checkpoint)) throw new CheckpointError(agentDir, 'holds no trained agent (agent.ckpt is missing); train one with `process-agent train`');
  const saved = readJson<SavedSplit>(paths.split);
  if (!saved) throw new CheckpointError(agentDir, 'has no split.json; retrain the agent with `process-agent train`');
  const sameLog = saved.logs.length === 1 && resolve(saved.logs[0]) === resolve(log);
  let train: string[][];
  let trainCases: Case[];
  let testCases: Case[];
  let protocol: EvalProtocol;
  if (options.protocol) {
    protocol = options.protocol;
    const split = await loadSplit([log], protocol, options.read ?? saved.read, options.signal);
    train = split.traces(split.train);
    trainCases = split.train;
    testCases = split.test;
  } else if (sameLog) {
    protocol = saved.protocol;
    const split = await loadSplit(saved.logs, protocol, saved.read, options.signal);
    const ids = split.test.map((c) => c.id);
    if (ids.length !== saved.testCaseIds.length || ids.some((id, i) => id !== saved.testCaseIds[i])) {
      options.onLog?.(`warning: ${log} changed since training; its held-out cases differ from the ones saved in split.json`);
    }
    train = split.traces(split.train);
    trainCases = split.train;
    testCases = split.test;
  } else {
    const own = await loadSplit(saved.logs, saved.protocol, saved.read, options.signal);
    train = own.traces(own.train);
    trainCases = own.train;
    testCases = await readLogs([log], options.read ?? saved.read, options.signal);
    const split = { kind: 'files' as const, trainFile: saved.logs.join(', '), testFile: log };
    protocol = { split, minPrefix: saved.protocol.minPrefix, eosTarget: saved.protocol.eosTarget, description: '' };
    protocol.description = describeProtocol(protocol);
  }
  // Never score a case the agent trained on: the saved split names its training cases.
  let excludedSeen = 0;
  if (options.protocol || !sameLog) {
    const own = await loadSplit(saved.logs, saved.protocol, saved.read, options.signal);
    const kept = dropSeen(testCases, seenCases(own.train, saved.logs));
    excludedSeen = kept.excluded;
    if (kept.unseen.length === 0) {
      throw new CheckpointError(agentDir, `every one of the ${testCases.length} test cases of ${log} (${protocol.description}) was in the agent's training set, so none can be scored honestly; evaluate on the agent's own split (no --protocol) or on a log it has not seen`);
    }
    if (excludedSeen > 0) {
      options.onLog?.(`note: ${excludedSeen} of ${testCases.length} test cases (${protocol.description}) were in the agent's training set; scoring only the ${kept.unseen.length} unseen ones`);
    }
    testCases = kept.unseen;
  }
  const agent = await loadAgent(agentDir, options);
  try {
    const testFeatures = agent.features.columns(testCases);
    // A capped agent folded rare activities into OTHER when it trained: the baselines read them so too.
    const known = new Set(agent.activities);
    const fold = known.has(OTHER_ACTIVITY) ? (ts: string[][]) => ts.map((t) => t.map((a) => (known.has(a) ? a : OTHER_ACTIVITY))) : (ts: string[][]) => ts;
    train = fold(train);
    const report = await evaluateAgent(agent, train, fold(traces(testCases)), protocol, { signal: options.signal, suffixPrefixes: options.suffixPrefixes, testFeatures });
    await addTimeScores(report, agent, trainCases, testCases, protocol);
    return excludedSeen > 0 ? { ...report, excludedSeen } : report;
  } finally {
    await agent.dispose();
  }
}
