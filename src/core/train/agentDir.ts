/**
 * What an agent folder (default `.process-agent/`) holds, by file name. The checkpoint carries
 * the weights, model config and tokenizer; the JSON files beside it are for people and tools.
 * The names are links into the current generation (see agentGeneration.ts), or plain files in
 * a folder written before generations; readers open them the same way.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../model/checkpoint';
import { writableTarget } from './agentGeneration';

export const DEFAULT_AGENT_DIR = '.process-agent';

export function agentPaths(dir: string) {
  return {
    dir,
    /** Best weights + optimizer state (see model/checkpoint.ts). */
    checkpoint: join(dir, 'agent.ckpt'),
    /** The TrainConfig the agent was trained with. */
    config: join(dir, 'config.json'),
    /** Tokenizer JSON (also inside the checkpoint; this copy is for reading). */
    tokenizer: join(dir, 'tokenizer.json'),
    /** The split train used, so `eval` scores the same held-out cases. */
    split: join(dir, 'split.json'),
    /** The last EvalReport. */
    evalReport: join(dir, 'eval.json'),
    /** One JSON line per training or fine-tuning run. */
    history: join(dir, 'history.jsonl'),
    /** Hyperparameter search: the winning config and the table of trials. */
    searchBest: join(dir, 'search-best.json'),
    searchTable: join(dir, 'search.json'),
  };
}

export type AgentPaths = ReturnType<typeof agentPaths>;

export function writeJson(file: string, value: unknown): void {
  writeFileAtomic(writableTarget(file), JSON.stringify(value, null, 2) + '\n');
}

export function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
