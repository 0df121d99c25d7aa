/**
 * A bounded LRU of next-activity distributions by context, for one loaded model (a reload starts
 * an empty one). Beam search asks for the same contexts again and again (every case that reached
 * "Register → Check" asks what follows it), and an answer is a pure function of the context and
 * the weights, so a hit gives exactly what a run would. Bounded by floats held, not entries, since
 * a distribution is [labels] doubles.
 */
import { SizedLru } from './sizedLru';

export class DistCache extends SizedLru<Float64Array> {
  /** `maxFloats` 0 disables the cache. */
  constructor(maxFloats: number) {
    super(maxFloats, (d) => d.length);
  }
}
