/** Evaluation: protocols, prefixes, metrics, baselines and the generic predictor scorer. */
export * from './types';
export * from './protocol';
export * from './prefixes';
export * from './metrics';
export * from './similarity';
export * from './score';
export * from './baselines';
