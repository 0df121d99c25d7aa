/**
 * Model architecture for a training run: a named preset (models/*.json) or an inline one written
 * `d<dModel>-l<layers>-h<heads>` (what hyperparameter search produces), sized to the log: the
 * context is the preset's, or less when every case is shorter, because attention cost grows
 * with T² and short logs (helpdesk: ≤ 15 events) would otherwise pay for 64 positions.
 */
import { PRESETS, presetConfig, validateConfig, type ModelConfig } from './config';

const INLINE = /^d(\d+)-l(\d+)-h(\d+)$/;

export function isArchitectureName(name: string): boolean {
  return name in PRESETS || INLINE.test(name);
}

/** `longestInput` = the most input positions any training row needs (case tokens − 1). */
export function architecture(name: string, vocabSize: number, longestInput: number, maxContext = 64): ModelConfig {
  let context = maxContext;
  for (let t = 8; t < maxContext; t *= 2) {
    if (longestInput <= t) {
      context = t;
      break;
    }
  }
  const inline = INLINE.exec(name);
  if (inline) {
    const [dModel, nLayers, nHeads] = inline.slice(1).map(Number);
    const cfg: ModelConfig = { vocabSize, context, dModel, nLayers, nHeads, dFF: 4 * dModel, tiedHead: true, preset: name };
    validateConfig(cfg);
    return cfg;
  }
  const preset = PRESETS[name];
  if (!preset) throw new Error(`unknown model preset "${name}"; choose one of ${Object.keys(PRESETS).join(', ')} or write d<dModel>-l<layers>-h<heads>`);
  return presetConfig(name, vocabSize, Math.min(context, preset.context));
}
