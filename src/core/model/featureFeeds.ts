/**
 * The `feature_<name>` inputs of every graph (see config.ts `features`): validation of the ids
 * and the feeds, zero ("none") wherever the caller has no feature values, e.g. in the editor.
 */
import { ModelConfig, featureInputs } from './config';
import { EngineInputError } from './errors';
import type { Tensor } from '../runtime';

/** Feature ids must index their tables: Gather with an id out of range is an error on the CPU and undefined on CUDA. */
export function checkFeatures(cfg: ModelConfig, features: readonly Int32Array[] | undefined, n: number): void {
  if (features === undefined) return;
  const specs = featureInputs(cfg);
  if (features.length !== specs.length) throw new EngineInputError(`${features.length} feature arrays for a model with ${specs.length} features`);
  specs.forEach((f, k) => {
    const a = features[k];
    if (a.length !== n) throw new EngineInputError(`feature ${f.name} must have ${n} entries, got ${a.length}`);
    for (let i = 0; i < n; i++) if (a[i] < 0 || a[i] >= f.size) throw new EngineInputError(`feature ${f.name} id ${a[i]} at ${i} is outside 0..${f.size - 1}`);
  });
}

/** The `feature_<name>` feeds of a [rows, T] graph: the given arrays zero-padded to rows·T, or zeros ("none"). */
export function featureFeeds(cfg: ModelConfig, features: readonly Int32Array[] | undefined, dims: number[]): Record<string, Tensor> {
  const n = dims.reduce((a, c) => a * c, 1);
  const feeds: Record<string, Tensor> = {};
  featureInputs(cfg).forEach((f, k) => {
    const given = features?.[k];
    let data = given !== undefined && given.length === n ? given : new Int32Array(n);
    if (given !== undefined && given.length !== n) data.set(given);
    feeds[`feature_${f.name}`] = { data, dims };
  });
  return feeds;
}
