/**
 * Evaluates an agent the honest way: the same test prefixes for the agent and for the three
 * baselines, baselines fitted on the agent's own training cases, the training vocabulary as the
 * only known activities (an unseen target is wrong), and the protocol carried in the report.
 */
import { fitBaselines, baselinePredictor } from '../eval/baselines';
import { scorePredictor, scoreSuffixes } from '../eval/score';
import type { EvalProtocol, EvalReport } from '../eval/types';
import type { ProcessAgent } from './processAgent';
import { END_OF_CASE } from './types';
import type { FeatureColumns } from '../tokenize/featureColumns';

export interface EvaluateOptions {
  /** Beam-search suffixes for at most this many test prefixes (0 = skip; it is the slow part). */
  suffixPrefixes?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** The test cases' per-event input features (case i = test case i), for an agent that reads them. */
  testFeatures?: FeatureColumns;
}

export async function evaluateAgent(
  agent: ProcessAgent,
  trainCases: readonly (readonly string[])[],
  testCases: readonly (readonly string[])[],
  protocol: EvalProtocol,
  options: EvaluateOptions = {},
): Promise<EvalReport> {
  const rule = { minPrefix: protocol.minPrefix, eosTarget: protocol.eosTarget };
  const known = new Set<string>(agent.activities);
  if (protocol.eosTarget) known.add(END_OF_CASE);
  const common = { known, signal: options.signal };
  const scoreAgent = (agentAlone: boolean, features: FeatureColumns | undefined, onProgress?: (done: number, total: number) => void) => scorePredictor(
    testCases,
    rule,
    async (prefixes, items) => {
      const ranked = await agent.rank(prefixes, features && items.map((it) => features.slice(0, it.prefix.length, it.caseIndex)), { agentAlone });
      // When the protocol never asks for END, "the case ends here" can only be wrong.
      return protocol.eosTarget ? ranked : ranked.map((r) => r.filter((a) => a !== END_OF_CASE));
    },
    { ...common, onProgress, batchSize: 256 },
  );
  // The headline is what is served; the agent alone is scored too, on the same prefixes.
  const agentScores = await scoreAgent(false, options.testFeatures, options.onProgress);
  const agentAlone = agent.served.kind === 'agent' ? agentScores : await scoreAgent(true, options.testFeatures);
  // The editor asks from a spec file, which has no resources or times: say what that costs.
  const activitiesOnly = agent.features.count > 0 && options.testFeatures ? await scoreAgent(false, undefined) : undefined;
  const fitted = fitBaselines(trainCases, { withEnd: protocol.eosTarget });
  const baselines = {
    last1: await scorePredictor(testCases, rule, baselinePredictor(fitted.last1), common),
    ngram: await scorePredictor(testCases, rule, baselinePredictor(fitted.ngram), common),
    prefix: await scorePredictor(testCases, rule, baselinePredictor(fitted.prefix), common),
  };
  const report: EvalReport = { protocol, agent: agentScores, agentAlone, served: agent.served, ...(activitiesOnly ? { activitiesOnly } : {}), baselines, testCases: testCases.length, trainCases: trainCases.length };
  const limit = options.suffixPrefixes ?? 0;
  if (limit > 0) {
    // A deterministic sample: the first test cases, until `limit` prefixes are covered.
    const sample: (readonly string[])[] = [];
    let prefixes = 0;
    for (const c of testCases) {
      if (prefixes >= limit) break;
      sample.push(c);
      prefixes += Math.max(0, c.length - Math.max(1, rule.minPrefix)) + 1;
    }
    const maxSteps = Math.min(64, 2 * Math.max(1, ...testCases.map((c) => c.length)));
    const suffix = await scoreSuffixes(
      sample,
      { minPrefix: rule.minPrefix, eosTarget: false },
      async (ps) => Promise.all(ps.map(async (p) => (await agent.predictSuffix(p, 3, maxSteps, options.signal)).steps)),
      { signal: options.signal, batchSize: 32 },
    );
    report.suffixSimilarity = suffix.similarity;
  }
  return report;
}
