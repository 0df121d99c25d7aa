/**
 * θ [N] for an inference graph: a graph input (fed at every run, so weights changed in place are
 * seen), or, given `weights`, a constant baked into the graph, so onnxruntime folds the parameter
 * slices into initializers and pre-packs the MatMul weights once instead of slicing and packing
 * θ at every run (~25% off a [64, 32] prefill, less per call on small runs). Baking is for
 * weights nobody changes after the graph is compiled (a served agent: a reload builds new graphs).
 */
import type { GraphBuilder } from '../onnx/builder';
import type { Value } from '../onnx/ir';
import type { ModelConfig } from './config';
import { paramLayout } from './params';

export function thetaValue(b: GraphBuilder, cfg: ModelConfig, weights?: Float32Array): Value {
  const N = paramLayout(cfg).total;
  if (weights === undefined) return b.input('theta', 'float32', [N]);
  if (weights.length !== N) throw new Error(`${weights.length} weights for a model of ${N}`);
  return b.constant(weights, 'float32', [N], 'theta');
}
