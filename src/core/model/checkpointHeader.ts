/**
 * The JSON header of a checkpoint file (model/checkpoint.ts holds the binary layout around it):
 * a typed, versioned record, read through one validating function so nothing downstream casts.
 */
import type { FeatureKind, FeatureSetJSON } from '../tokenize/featureSet';
import type { TokenizerJSON } from '../tokenize/tokenizer';
import { ConfigError, validateConfig, type FeatureInput, type ModelConfig } from './config';
import { CheckpointError } from './errors';

/**
 * Version of the header record's shape (the binary layout has its own CHECKPOINT_VERSION).
 * 1: the first header, without a `headerVersion` field; 2: the same fields plus `headerVersion`.
 * readCheckpointHeader reads both; anything else gets a "retrain" message.
 */
export const HEADER_VERSION = 2;

/** The JSON half of a checkpoint, as readCheckpointHeader returns it: every field checked. */
export interface CheckpointHeader {
  headerVersion: typeof HEADER_VERSION;
  model: ModelConfig;
  /** tokenize/tokenizer.ts's toJSON(); tokenizerFromJSON checks the rest of it. */
  tokenizer: TokenizerJSON;
  /** Optimizer steps taken so far (AdamW bias correction needs it). */
  step: number;
  /** State of the seeded RNG, so a resumed run draws what an uninterrupted one would. */
  rng: number[];
  paramCount: number;
  /** The input features the model reads (tokenize/featureSet.ts); absent: none. */
  features?: FeatureSetJSON;
  /** The time heads (agent/timeModel.ts TimeHeadJSON, checked there); absent in agents trained without timestamps. */
  timeHead?: Readonly<Record<string, unknown>>;
  /** What the agent serves (agent/served.ts ServedJSON, checked there); absent: the agent itself. */
  served?: Readonly<Record<string, unknown>>;
  /** What the agent serves for time (agent/servedTime.ts ServedTimeJSON, checked there); absent: the time heads. */
  servedTime?: Readonly<Record<string, unknown>>;
  /** Anything else worth keeping with the weights (the train config, for the record). Never read back. */
  meta?: Readonly<Record<string, unknown>>;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/**
 * The one reader of a checkpoint header: checks every field and returns the typed record, or
 * throws a CheckpointError that names the file and says to retrain. A version-1 header (no
 * `headerVersion`) has the same fields and is read as version 2.
 */
export function readCheckpointHeader(json: unknown, file = 'checkpoint'): CheckpointHeader {
  const retrain = (what: string) => new CheckpointError(file, `${what}; retrain the agent with this version`);
  if (!isRecord(json)) throw retrain('has no header record');
  const version = json.headerVersion ?? 1;
  if (version !== 1 && version !== HEADER_VERSION) throw retrain(`has header version ${String(version)}, this build reads 1 to ${HEADER_VERSION}`);
  const { model, tokenizer, step, rng, paramCount, features, meta, timeHead, served, servedTime } = json;
  if (!isCount(paramCount)) throw retrain('is corrupt (bad parameter count)');
  if (!isCount(step)) throw retrain('has no optimizer step count (an older or foreign header)');
  if (!Array.isArray(rng) || !rng.every((x): x is number => typeof x === 'number')) throw retrain('has no RNG state (an older or foreign header)');
  if (meta !== undefined && !isRecord(meta)) throw retrain('has unreadable metadata');
  if (timeHead !== undefined && !isRecord(timeHead)) throw retrain('has unreadable time heads');
  if (served !== undefined && !isRecord(served)) throw retrain('has an unreadable served choice');
  if (servedTime !== undefined && !isRecord(servedTime)) throw retrain('has an unreadable served time choice');
  return {
    headerVersion: HEADER_VERSION,
    model: readModelConfig(model, retrain),
    tokenizer: readTokenizer(tokenizer, retrain),
    step,
    rng,
    paramCount,
    ...(features !== undefined ? { features: readFeatureSet(features, retrain) } : {}),
    ...(meta !== undefined ? { meta } : {}),
    ...(timeHead !== undefined ? { timeHead } : {}),
    ...(served !== undefined ? { served } : {}),
    ...(servedTime !== undefined ? { servedTime } : {}),
  };
}

function readModelConfig(json: unknown, retrain: (what: string) => CheckpointError): ModelConfig {
  if (!isRecord(json)) throw retrain('has no model config');
  const num = (k: string): number => {
    const v = json[k];
    if (typeof v !== 'number') throw retrain(`has no model ${k}`);
    return v;
  };
  const bool = (k: string): boolean => {
    const v = json[k];
    if (typeof v !== 'boolean') throw retrain(`has no model ${k}`);
    return v;
  };
  const features: FeatureInput[] | undefined = Array.isArray(json.features)
    ? json.features.map((f: unknown) => {
        if (!isRecord(f) || typeof f.name !== 'string' || typeof f.size !== 'number') throw retrain('has an unreadable model feature input');
        return { name: f.name, size: f.size };
      })
    : undefined;
  const cfg: ModelConfig = {
    vocabSize: num('vocabSize'),
    context: num('context'),
    dModel: num('dModel'),
    nLayers: num('nLayers'),
    nHeads: num('nHeads'),
    dFF: num('dFF'),
    tiedHead: bool('tiedHead'),
    ...(typeof json.preset === 'string' ? { preset: json.preset } : {}),
    ...(features ? { features } : {}),
  };
  try {
    validateConfig(cfg);
  } catch (e) {
    if (e instanceof ConfigError) throw retrain(`has an invalid model config (${e.message})`);
    throw e;
  }
  return cfg;
}

const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

function readTokenizer(t: unknown, retrain: (what: string) => CheckpointError): TokenizerJSON {
  if (isRecord(t) && t.version === 1 && strings(t.activities)) {
    if (t.kind === 'activity') return { kind: 'activity', version: 1, activities: t.activities };
    const ids = t.bpeIds;
    if (t.kind === 'bpe' && t.encoding === 'o200k_base' && Array.isArray(ids) && ids.every((x): x is number => typeof x === 'number')) {
      return { kind: 'bpe', version: 1, encoding: 'o200k_base', bpeIds: ids, activities: t.activities };
    }
  }
  throw retrain('has no tokenizer of a known kind and version');
}

function readFeatureSet(f: unknown, retrain: (what: string) => CheckpointError): FeatureSetJSON {
  const kinds = (x: unknown): x is FeatureKind[] => Array.isArray(x) && x.every((k) => k === 'resource' || k === 'gap');
  if (!isRecord(f) || f.kind !== 'features' || f.version !== 1 || !kinds(f.use)) throw retrain('has an unreadable input-feature set');
  const r = f.resources;
  if (r === undefined) return { kind: 'features', version: 1, use: f.use };
  if (!isRecord(r) || r.kind !== 'resource' || r.version !== 1 || !strings(r.resources)) throw retrain('has an unreadable resource vocabulary');
  return { kind: 'features', version: 1, use: f.use, resources: { kind: 'resource', version: 1, resources: r.resources } };
}
