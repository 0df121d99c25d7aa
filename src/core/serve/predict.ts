/**
 * Answers cases with a Served model: one CaseJob per case, all handed to the model's batcher at
 * once (so a batch request's cases share onnxruntime runs with each other and with concurrent
 * requests), and the time fields for the same cases (batched the same way, in parallel; they
 * start once the jobs' first round has given them the trunk's states, where it does). Both read
 * the events' resources and gaps where the agent was trained on them, as `predict` does.
 */
import { CaseJob } from './caseJob';
import type { Served } from './modelHolder';
import { timedEvent } from './timeFields';
import type { PredictCase, PredictOptions, PredictResult } from './types';

export async function predictCases(served: Served, cases: readonly PredictCase[], options: PredictOptions): Promise<PredictResult[]> {
  const agent = served.agent;
  const labels = agent.predictor.labels;
  // The events' resources and gaps, where the agent reads them: predict's own inputs (ProcessAgent.featuresOf).
  const jobs = cases.map((c) => new CaseJob(c.events.map((e) => e.activity), options, labels, agent.featuresOf(c.events.map(timedEvent))));
  const [answers, times] = await Promise.all([
    Promise.all(jobs.map((job) => served.batcher.run(job))),
    served.times.forCases(
      cases.map((c) => c.events),
      jobs.map((job) => job.hidden),
    ),
  ]);
  return answers.map((a, i) => ({ next: a.next, suffix: a.suffix, suffixLogProb: a.suffixLogProb, ...times[i] }));
}
