/**
 * GET /v1/model: what a client needs to call the service well: the vocabulary it accepts, the
 * model's shape, and the accuracy measured when it was trained, with the protocol that measured it
 * (from the agent folder's eval.json; null when the folder has none).
 */
import { readFileSync, existsSync } from 'node:fs';
import { agentPaths } from '../train/agentDir';
import { END_OF_CASE } from '../agent/types';
import type { ProcessAgent } from '../agent/processAgent';
import type { EvalProtocol, EvalReport, ServedChoice } from '../eval/types';
import { hasTimeHeads } from './timeFields';

export interface ModelInfo {
  /** First 16 hex digits of the checkpoint's SHA-256: changes when a new agent is loaded. */
  version: string;
  loadedAt: string;
  activities: string[];
  endOfCase: string;
  tokenizer: string;
  context: number;
  paramCount: number;
  features: string[];
  timeHeads: boolean;
  /** What answers the predictions: the agent, a baseline or a mix (agent/served.ts), and why. */
  served: ServedChoice;
  /**
   * `agent`: what is served; `agentAlone`: the agent's model by itself (equal when the agent is
   * served); `activitiesOnly`: what is served for cases sent without resources or timestamps, for
   * an agent that reads them (absent otherwise).
   */
  accuracy: { agent: number; agentAlone: number; activitiesOnly?: number; top3: number; baselines: Record<string, number>; testCases: number; trainCases: number } | null;
  protocol: EvalProtocol | null;
}

function evalReport(dir: string): EvalReport | undefined {
  const file = agentPaths(dir).evalReport;
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EvalReport;
  } catch {
    return undefined; // a half-written or hand-edited report: the model still serves
  }
}

export function modelInfo(dir: string, agent: ProcessAgent, version: string, loadedAt: Date): ModelInfo {
  const report = evalReport(dir);
  return {
    version,
    loadedAt: loadedAt.toISOString(),
    activities: [...agent.activities],
    endOfCase: END_OF_CASE,
    tokenizer: agent.tokenizer.kind,
    context: agent.model.context,
    paramCount: agent.model.paramCount,
    features: [...agent.features.use],
    timeHeads: hasTimeHeads(agent),
    served: agent.served,
    accuracy: report?.agent
      ? {
          agent: report.agent.accuracy,
          agentAlone: (report.agentAlone ?? report.agent).accuracy,
          ...(report.activitiesOnly ? { activitiesOnly: report.activitiesOnly.accuracy } : {}),
          top3: report.agent.top3,
          baselines: Object.fromEntries(Object.entries(report.baselines ?? {}).map(([k, s]) => [k, s.accuracy])),
          testCases: report.testCases,
          trainCases: report.trainCases,
        }
      : null,
    protocol: report?.protocol ?? null,
  };
}
