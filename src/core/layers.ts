/**
 * The layers of src/core, lowest first: a file may import from its own folder and from folders
 * earlier in this list, never later. `'.'` is the core's root files (runtime.ts, device.ts,
 * mulberry32.ts, entryWorker.ts, entryProcess.ts, trainingProcessEnv.ts, noTelemetry.ts), which import no folder. Above the core sit
 * src/cli, src/vscode and src/worker. test/core-boundary.test.ts enforces this order (and the
 * absence of folder cycles) and checks that README's architecture section states it.
 *
 * - spec: parsing process-spec files (no dependency on logs or models)
 * - log: the readers, and the CaseBuilder they feed (events → cases)
 * - data: splits, prefixes, statistics over cases
 * - tokenize: tokenizers and per-event input features
 * - eval: protocols, metrics, baselines, scoring (independent of the model, so training can use it)
 * - onnx: graph IR, ops and autodiff, serialisation
 * - model: graphs, engines, parameters, checkpoints, presets
 * - train: the sequence model over the engines, batching, the training loop, validation, the predictor
 *   (the sequence model stays here, not in model: it is built from TrainConfig and trains on Batches
 *   cut with the seeded Rng, which are training concerns; model knows graphs and engines only)
 * - sim: the process simulator for sample logs
 * - agent: the train / evaluate / predict pipeline, search and the worker client
 * - insight, serve: process insight and the local prediction service
 */
export const CORE_LAYERS: readonly string[] = [
  '.',
  'spec',
  'log',
  'data',
  'tokenize',
  'eval',
  'onnx',
  'model',
  'train',
  'sim',
  'agent',
  'insight',
  'serve',
];
