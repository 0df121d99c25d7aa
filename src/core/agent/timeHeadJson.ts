/**
 * The one reader of the `timeHead` record a checkpoint header carries (agent/timeModel.ts
 * TimeHeadJSON): checks every field, so nothing downstream casts. An unreadable record throws;
 * the caller turns that into "time predictions are off", since next-activity predictions do
 * not need the heads.
 */
import type { TimeHeadJSON } from './timeModel';

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isNumbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number');
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;

/** `json` as a TimeHeadJSON, or an Error that says which field is wrong. */
export function readTimeHeadJSON(json: unknown): TimeHeadJSON {
  const bad = (what: string) => new Error(`time head JSON ${what}; retrain the agent`);
  if (!isRecord(json)) throw bad('is not a record');
  const { kind, version, shape, inputMean, inputStd, targetMean, targetStd, targetScale, intervalScale, phi, trunk, fit } = json;
  if (kind !== 'time-head' || version !== 1) throw bad('has the wrong kind or version');
  if (!isRecord(shape) || !isCount(shape.inputs) || !isCount(shape.hidden)) throw bad('has no shape');
  if (!isNumbers(inputMean) || !isNumbers(inputStd) || !isNumbers(targetMean) || !isNumbers(targetStd)) throw bad('has no input or target scaling');
  if (intervalScale !== undefined && !isNumbers(intervalScale)) throw bad('has an unreadable interval scale');
  if (typeof phi !== 'string') throw bad('has no weights');
  if (trunk !== undefined && typeof trunk !== 'string') throw bad('has an unreadable time trunk');
  if (targetScale !== undefined && targetScale !== 'log1p-hours' && targetScale !== 'hours') throw bad('has an unknown target scale');
  let fitRecord: TimeHeadJSON['fit'];
  if (fit !== undefined) {
    if (!isRecord(fit) || typeof fit.rows !== 'number' || typeof fit.epochs !== 'number') throw bad('has an unreadable fit record');
    const mae = fit.validationMaeDays;
    fitRecord = { rows: fit.rows, epochs: fit.epochs, ...(typeof mae === 'number' ? { validationMaeDays: mae } : {}), ...(typeof fit.trunkEpochs === 'number' ? { trunkEpochs: fit.trunkEpochs } : {}) };
  }
  return {
    kind,
    version,
    shape: { inputs: shape.inputs, hidden: shape.hidden },
    inputMean,
    inputStd,
    targetMean,
    targetStd,
    ...(targetScale !== undefined ? { targetScale } : {}),
    ...(intervalScale !== undefined ? { intervalScale } : {}),
    phi,
    ...(trunk !== undefined ? { trunk } : {}),
    ...(fitRecord !== undefined ? { fit: fitRecord } : {}),
  };
}
