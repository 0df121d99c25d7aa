/** The GPT's architecture: presets from models/*.json plus the vocabulary size of the tokenizer. */
import tiny from '../../../models/tiny.json';
import small from '../../../models/small.json';
import base from '../../../models/base.json';

import type { FeatureInput } from '../tokenize/featureSet';

export interface ModelConfig {
  /** Tokens in the vocabulary (rows of the embedding and of the head). */
  vocabSize: number;
  /** Longest input: rows of the position embedding. */
  context: number;
  dModel: number;
  nLayers: number;
  nHeads: number;
  /** MLP hidden width (4·dModel in the presets). */
  dFF: number;
  /** Head shares the token embedding (logits = h · wteᵀ) or has its own [d, V] matrix. */
  tiedHead: boolean;
  /** Preset it came from, for display. */
  preset?: string;
  /**
   * Per-position input features (resource, time-gap bucket, …), each an embedding table of
   * `size` rows added to the token embedding. Id 0 means "none" (BOS/EOS/padding, or unknown
   * to the caller, as in the editor). Absent or empty: the model reads tokens only.
   */
  features?: FeatureInput[];
}

export type { FeatureInput } from '../tokenize/featureSet';

export interface Preset {
  name: string;
  description: string;
  dModel: number;
  nLayers: number;
  nHeads: number;
  dFF: number;
  context: number;
  tiedHead: boolean;
  /** Parameter count at a typical vocabulary size (checked by a test). */
  paramCount: { vocab: number; params: number };
}

export const PRESETS: Readonly<Record<string, Preset>> = { tiny, small, base };

export class ConfigError extends Error {}

/** The preset's architecture for a tokenizer with `vocabSize` tokens. */
export function presetConfig(name: string, vocabSize: number, context?: number): ModelConfig {
  const p = PRESETS[name];
  if (!p) throw new ConfigError(`unknown model preset "${name}" (choose one of ${Object.keys(PRESETS).join(', ')})`);
  const cfg: ModelConfig = {
    vocabSize,
    context: context ?? p.context,
    dModel: p.dModel,
    nLayers: p.nLayers,
    nHeads: p.nHeads,
    dFF: p.dFF,
    tiedHead: p.tiedHead,
    preset: p.name,
  };
  validateConfig(cfg);
  return cfg;
}

export function validateConfig(cfg: ModelConfig): void {
  const ints: (keyof ModelConfig)[] = ['vocabSize', 'context', 'dModel', 'nLayers', 'nHeads', 'dFF'];
  for (const k of ints) {
    const v = cfg[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`model config: ${k} must be a positive integer, got ${String(v)}`);
  }
  if (cfg.dModel % cfg.nHeads !== 0) throw new ConfigError(`model config: dModel ${cfg.dModel} is not divisible by nHeads ${cfg.nHeads}`);
  const names = new Set<string>();
  for (const f of cfg.features ?? []) {
    if (!/^[a-z0-9_]+$/.test(f.name) || names.has(f.name)) throw new ConfigError(`model config: feature name "${f.name}" must be unique and match [a-z0-9_]+`);
    if (!Number.isInteger(f.size) || f.size < 1) throw new ConfigError(`model config: feature "${f.name}" needs a positive integer size, got ${String(f.size)}`);
    names.add(f.name);
  }
}

/** The config's feature inputs, in graph-input order (empty when it has none). */
export function featureInputs(cfg: ModelConfig): readonly FeatureInput[] {
  return cfg.features ?? [];
}
