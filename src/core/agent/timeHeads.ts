/**
 * The trainer's time-head step: after the next-activity model is final, fit the time heads on
 * its frozen trunk (agent/fitTimeHead.ts), then train a copy of the trunk with them end to end
 * (agent/fitTimeTrunk.ts), attach them to the agent, and score them on the test cases beside the
 * time baselines. Kept out of trainer.ts so the pipeline gains one call.
 */
import type { Case } from '../log/types';
import type { EvalProtocol, EvalReport } from '../eval/types';
import type { ProcessAgent } from './processAgent';
import { fitTimeHead } from './fitTimeHead';
import { fitTimeTrunk, TIME_TRUNK_RATES } from './fitTimeTrunk';
import { evaluateTimes } from './evaluateTimes';
import { attachTimeModel } from './timePrediction';
import type { EngineModel } from '../train/engineModel';
type JsonValue = Readonly<Record<string, unknown>>;
import type { TrainConfig } from '../train/types';

/** Fits and attaches the heads; undefined (and nothing attached) when the log has too few timestamps. */
export async function trainTimeHeads(agent: ProcessAgent, fit: readonly Case[], validation: readonly Case[], cfg: TrainConfig, say: (m: string) => void, signal?: AbortSignal): Promise<JsonValue | undefined> {
  const trunk = agent.model as EngineModel;
  const opts = { seed: cfg.seed, device: cfg.device, threads: cfg.threads, signal, log: say };
  const frozen = await fitTimeHead(trunk, agent.tokenizer, agent.features, fit, validation, opts);
  if (!frozen) return undefined;
  // Then a copy of the trunk learns time with the head (the next-activity trunk is untouched), at
  // each rate of TIME_TRUNK_RATES from the same frozen head; validation keeps one (or the frozen head).
  let json = frozen;
  for (const learningRate of TIME_TRUNK_RATES) {
    const tried = await fitTimeTrunk(trunk, agent.tokenizer, agent.features, fit, validation, frozen, { ...opts, learningRate });
    if ((tried.fit?.validationMaeDays ?? Infinity) < (json.fit?.validationMaeDays ?? Infinity)) json = tried;
  }
  const saved: JsonValue = { ...json };
  attachTimeModel(agent, saved, { device: cfg.device, threads: cfg.threads });
  return saved;
}

/** Adds `remainingTime` and `nextEventTime` to a report when the agent has time heads. */
export async function addTimeScores(report: EvalReport | undefined, agent: ProcessAgent, train: readonly Case[], test: readonly Case[], protocol: EvalProtocol): Promise<void> {
  if (!report || !agent.timeModel) return;
  const times = await evaluateTimes(agent.timeModel, agent.features, train, test, protocol, agent.servedTime);
  if (times) Object.assign(report, times);
}
