/** The two agents of the crash test: what a folder may hold after a kill is exactly one of them. */
import type { GenerationFile } from '../../src/core/train/agentGeneration';

export const OLD_AGENT: Partial<Record<GenerationFile, string>> = {
  'agent.ckpt': 'old weights '.repeat(1000),
  'config.json': '{"epochs":1}\n',
  'tokenizer.json': '{"activities":["a"]}\n',
  'split.json': '{"testCaseIds":["1"]}\n',
  'eval.json': '{"agent":{"accuracy":0.5}}\n',
  'history.jsonl': '{"run":"old"}\n',
};

/** The new agent has no eval.json (a log without test cases): the name must read as absent. */
export const NEW_AGENT: Partial<Record<GenerationFile, string>> = {
  'agent.ckpt': 'new weights '.repeat(2000),
  'config.json': '{"epochs":2}\n',
  'tokenizer.json': '{"activities":["a","b"]}\n',
  'split.json': '{"testCaseIds":["2"]}\n',
};
export const NEW_HISTORY_LINE = '{"run":"new"}';
