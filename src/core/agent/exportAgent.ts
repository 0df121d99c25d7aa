/** Exports a saved agent as a standalone .onnx (model/export.ts) plus its tokenizer as JSON. */
import { existsSync } from 'node:fs';
import { CheckpointError, loadCheckpoint, writeFileAtomic } from '../model/checkpoint';
import { exportOnnx } from '../model/export';
import { agentPaths } from '../train/agentDir';

export interface ExportResult {
  model: string;
  tokenizer: string;
  batch: number;
  length: number;
  vocabSize: number;
}

export function exportAgent(agentDir: string, file: string, o: { batch?: number; length?: number } = {}): ExportResult {
  const paths = agentPaths(agentDir);
  if (!existsSync(paths.checkpoint)) throw new CheckpointError(agentDir, 'holds no trained agent (agent.ckpt is missing); train one with `process-agent train`');
  const ck = loadCheckpoint(paths.checkpoint);
  const cfg = ck.header.model;
  const batch = o.batch || 1;
  const length = o.length || cfg.context;
  if (length > cfg.context) throw new CheckpointError(agentDir, `has context ${cfg.context}; --length ${length} is longer`);
  exportOnnx(cfg, ck.theta, file, { batch, length });
  const tokenizer = `${file.replace(/\.onnx$/i, '')}.tokenizer.json`;
  writeFileAtomic(tokenizer, JSON.stringify({ tokenizer: ck.header.tokenizer, specialTokens: { PAD: 0, BOS: 1, EOS: 2, UNK: 3 }, model: cfg }, null, 2) + '\n');
  return { model: file, tokenizer, batch, length, vocabSize: cfg.vocabSize };
}
