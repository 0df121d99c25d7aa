/**
 * Learning-rate schedule: linear warm-up, then cosine or linear decay to `minRatio` of the peak.
 * Computed in TypeScript and fed to the train-step graph as a scalar input each step.
 */
export interface Schedule {
  peak: number;
  totalSteps: number;
  /** Warm-up length as a fraction of totalSteps. */
  warmup: number;
  decay: 'cosine' | 'linear' | 'constant';
  /** Floor of the decay as a fraction of the peak. */
  minRatio?: number;
}

export function learningRateAt(step: number, s: Schedule): number {
  const total = Math.max(1, s.totalSteps);
  const warm = Math.max(0, Math.round(s.warmup * total));
  const floor = s.peak * (s.minRatio ?? 0.1);
  if (step < warm) return (s.peak * (step + 1)) / warm;
  if (s.decay === 'constant') return s.peak;
  const progress = Math.min(1, (step - warm) / Math.max(1, total - warm));
  const shape = s.decay === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  return floor + (s.peak - floor) * shape;
}
