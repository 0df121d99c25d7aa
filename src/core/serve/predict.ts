/**
 * Answers cases with a Served model: one CaseJob per case, all handed to the model's batcher at
 * once (so a batch request's cases share onnxruntime runs with each other and with concurrent
 * requests), and the time fields for the same cases (batched the same way, in parallel).
 */
import { CaseJob } from './caseJob';
import type { Served } from './modelHolder';
import type { PredictCase, PredictOptions, PredictResult } from './types';

export async function predictCases(served: Served, cases: readonly PredictCase[], options: PredictOptions): Promise<PredictResult[]> {
  const labels = served.agent.predictor.labels;
  const [answers, times] = await Promise.all([
    Promise.all(cases.map((c) => served.batcher.run(new CaseJob(c.events.map((e) => e.activity), options, labels)))),
    served.times.forCases(cases.map((c) => c.events)),
  ]);
  return answers.map((a, i) => ({ next: a.next, suffix: a.suffix, suffixLogProb: a.suffixLogProb, ...times[i] }));
}
