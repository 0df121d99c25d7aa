/** Opens a trained agent folder (see train/agentDir.ts) as an Agent, for inference. */
import { existsSync } from 'node:fs';
import { checkpointDigest, CheckpointError, decodeCheckpoint, readCheckpointBytes } from '../model/checkpoint';
import { tokenizerFromJSON } from '../tokenize';
import { FeatureSet } from '../tokenize/featureSet';
import { agentPaths } from '../train/agentDir';
import { restoreModel } from '../train/engineModel';
import type { Device } from '../train/types';
import { ProcessAgent } from './processAgent';
import { attachTimeModel } from './timePrediction';
import { readServed } from './served';
import { readServedTime } from './servedTime';

export interface LoadAgentOptions {
  device?: Device;
  /** Intra-op threads; 0 = physical cores. Inference sessions never spin. */
  threads?: number;
  log?: (message: string) => void;
}

/** Throws the error loadAgent gives for a folder without a trained agent. */
export function assertAgentFolder(agentDir: string): void {
  if (!existsSync(agentPaths(agentDir).checkpoint)) {
    throw new CheckpointError(agentDir, 'holds no trained agent (agent.ckpt is missing); train one with `process-agent train <log> --out ' + agentDir + '`');
  }
}

export async function loadAgent(agentDir: string, options: LoadAgentOptions = {}): Promise<ProcessAgent> {
  assertAgentFolder(agentDir);
  const paths = agentPaths(agentDir);
  const bytes = readCheckpointBytes(paths.checkpoint);
  const ck = decodeCheckpoint(bytes, paths.checkpoint);
  let tokenizer;
  let features;
  let served;
  let servedTime;
  try {
    tokenizer = tokenizerFromJSON(ck.header.tokenizer);
    features = FeatureSet.fromJSON(ck.header.features);
    served = readServed(ck.header.served);
    servedTime = readServedTime(ck.header.servedTime);
  } catch (e) {
    throw new CheckpointError(paths.checkpoint, (e as Error).message);
  }
  // Inference needs θ only; dropping m and v halves the memory an open agent holds.
  const model = await restoreModel({ header: ck.header, theta: ck.theta }, { device: options.device ?? 'cpu', threads: options.threads ?? 0, log: options.log });
  const agent = new ProcessAgent(model, tokenizer, features);
  agent.checkpointVersion = checkpointDigest(bytes);
  // What train chose to serve (agent/servedChoice.ts); an agent folder from before serving holds none: the agent.
  agent.serve(served.choice, served.rule);
  agent.servedTime = servedTime; // absent in older folders: the heads alone
  attachTimeModel(agent, ck.header.timeHead, { device: options.device ?? 'cpu', threads: options.threads ?? 0, log: options.log });
  return agent;
}
