/** Evaluation: protocols, prefixes, metrics, baselines and the generic predictor scorer. */
export * from './types';
export * from './protocol';
export { tracePrefixes, countTracePrefixes, type PrefixOptions, type ScoredPrefix } from '../data/prefixes';
export * from './metrics';
export * from './similarity';
export * from './score';
export * from './baselines';
