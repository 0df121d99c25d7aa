/**
 * Float64 finite-difference checking of gradient rules, run through onnxruntime for real.
 * The checked function is loss = Σ f(inputs) ⊙ R with a fixed random R, so every output element
 * (and every gradient path) matters.
 */
import { GraphBuilder } from '../../src/core/onnx/builder';
import { gradients } from '../../src/core/onnx/autodiff';
import { Value, sizeOf, Shape } from '../../src/core/onnx/ir';
import { mul, reduceSum } from '../../src/core/onnx/ops';
import { serializeModel } from '../../src/core/onnx/serialize';
import { createSession, Tensor } from '../../src/core/runtime';
import { mulberry32 } from '../../src/core/mulberry32';

export interface CheckInput {
  name: string;
  shape: Shape;
  /** Integer inputs are fed as-is and not differentiated. */
  int?: Int32Array;
  /** Float64 values; random in [-1, 1] when absent. */
  values?: Float64Array;
}

/** Returns the worst relative error max|g − fd| / max(1, |fd|-scale) over all float inputs. */
export async function gradCheck(
  inputs: CheckInput[],
  f: (b: GraphBuilder, xs: Value[]) => Value,
  seed = 1,
): Promise<number> {
  const rand = mulberry32(seed);
  const b = new GraphBuilder('gradcheck');
  const vals = inputs.map((i) => b.input(i.name, i.int ? 'int32' : 'float64', i.shape));
  const y = f(b, vals);
  const r = b.constant(Float64Array.from({ length: sizeOf(y.shape) }, () => rand() * 2 - 1), 'float64', y.shape, 'R');
  const loss = reduceSum(b, mul(b, y, r), [...y.shape.keys()], false);
  const floatIdx = inputs.flatMap((inp, k) => (inp.int ? [] : [k]));
  const gs = gradients(b, loss, floatIdx.map((k) => vals[k]));
  b.output(loss);
  gs.forEach((g) => b.output(g));
  const session = await createSession(serializeModel(b.build()), { device: 'cpu', threads: 1, purpose: 'inference' });

  const data = inputs.map((i) => i.int ?? i.values?.slice() ?? Float64Array.from({ length: sizeOf(i.shape) }, () => rand() * 2 - 1));
  const feeds = (): Record<string, Tensor> =>
    Object.fromEntries(inputs.map((inp, k) => [inp.name, { data: data[k], dims: inp.shape }]));
  const run = async () => session.run(feeds());
  const base = await run();
  const analytic = gs.map((g) => base[g.name].data as Float64Array);
  let worst = 0;
  const h = 1e-6;
  for (let j = 0; j < floatIdx.length; j++) {
    const x = data[floatIdx[j]] as Float64Array;
    const scaleOf = Math.max(1, ...Array.from(analytic[j], Math.abs));
    for (let e = 0; e < x.length; e++) {
      const x0 = x[e];
      x[e] = x0 + h;
      const lp = ((await run())[loss.name].data as Float64Array)[0];
      x[e] = x0 - h;
      const lm = ((await run())[loss.name].data as Float64Array)[0];
      x[e] = x0;
      const fd = (lp - lm) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - analytic[j][e]) / scaleOf);
    }
  }
  await session.dispose();
  return worst;
}
