/**
 * What the editor features say about a spec, as plain data: the completions at an insertion
 * point, the next-step distribution after a step, and the steps that look improbable. The
 * VS Code providers only turn these into ghost text, hovers and diagnostics. No `vscode`
 * import, so the integration test drives exactly this logic against a real agent.
 */
import { END_OF_CASE, type NextStep } from '../core/agent/types';
import { labelKey, parserFor, type SpecFormat, type SpecInsertion, type SpecStep } from '../core/spec';
import { splitLines } from '../core/spec/lines';
import type { LoadedAgent } from './loadedAgent';
import { timeSummary } from '../core/agent/duration';

export const ALTERNATIVES = 3;

/** The prefix the agent sees for these written labels: known names; unknown ones only for BPE agents. */
function contextOf(loaded: LoadedAgent, labels: readonly string[]): string[] {
  const { steps } = loaded.matcher.canonical(labels);
  return loaded.usesUnknownSteps ? steps : steps.filter((s) => loaded.matcher.match(s) !== undefined);
}

/**
 * The labels to offer, best first (at most 1 + ALTERNATIVES): predicted next activities that
 * fit what was typed; when the typed text fits none of the likely ones, any known activity
 * that starts with it.
 */
export async function proposals(loaded: LoadedAgent, ins: SpecInsertion, signal?: AbortSignal): Promise<string[]> {
  const typedKey = labelKey(ins.typed);
  const k = typedKey === '' ? ALTERNATIVES + 2 : loaded.agent.activities.length + 1;
  const prediction = await loaded.predict(contextOf(loaded, ins.before), k, signal);
  const fits = (a: string) => a !== END_OF_CASE && labelKey(a).startsWith(typedKey) && labelKey(a) !== typedKey;
  const ranked = prediction.next.map((n) => n.activity).filter(fits);
  if (ranked.length === 0 && typedKey !== '') return loaded.matcher.startingWith(ins.typed).filter(fits).slice(0, ALTERNATIVES + 1);
  return ranked.slice(0, ALTERNATIVES + 1);
}

/**
 * "≈ 2.3 d to next step · ≈ 9 d to finish" once `label` is written at `ins`: the times the hover
 * shows after that step (both go through timeSummary). Undefined for an agent without time heads.
 */
export async function proposalTime(loaded: LoadedAgent, ins: SpecInsertion, label: string, signal?: AbortSignal): Promise<string | undefined> {
  const times = await loaded.agent.predictTimes?.([...contextOf(loaded, ins.before), label], signal);
  return times ? timeSummary(times.nextEventInMs, times.remainingMs) : undefined;
}

/** The text that replaces what was typed; it starts with the typed text, as ghost text requires. */
export function insertText(label: string, ins: SpecInsertion): string | undefined {
  if (ins.typed === '') return ins.lead + label + ins.trail;
  if (label.toLowerCase().startsWith(ins.typed.toLowerCase())) return ins.typed + label.slice(ins.typed.length) + ins.trail;
  return undefined;
}

/**
 * The text to put at the end of line `afterLine` of a spec so that `labels` follow it as steps,
 * one per new line, each written as the format writes a step there (list markers, numbering,
 * YAML dashes): `"\n" + step lines`. Undefined when the format takes no step on a new line
 * there (a Mermaid chain, BPMN XML), or for nothing to insert.
 */
export function stepLinesAfter(format: SpecFormat, text: string, afterLine: number, labels: readonly string[]): string | undefined {
  if (labels.length === 0) return undefined;
  const parser = parserFor(format);
  const lines = splitLines(text);
  const added: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const at = afterLine + 1 + i;
    // The spec as it would read with the steps so far and an empty line where the next one goes.
    const draft = [...lines.slice(0, at), '', ...lines.slice(at)].join('\n');
    const ins = parser.insertionAt(draft, at, 0);
    const line = ins && insertText(labels[i], ins);
    if (line === undefined) return undefined;
    lines.splice(at, 0, line);
    added.push(line);
  }
  return '\n' + added.join('\n');
}

export interface StepOutlook {
  /** The activity the step names, or undefined when the agent never saw it. */
  activity: string | undefined;
  /** Probability of this step after its predecessors (undefined for unknown steps). */
  probability: number | undefined;
  /** What usually follows it. */
  next: NextStep[];
  /** Expected time to the next step and to the end after this step (agents with time heads). */
  times?: { nextEventInMs: number; remainingMs: number };
}

export async function outlook(loaded: LoadedAgent, step: SpecStep, shown: number, signal?: AbortSignal): Promise<StepOutlook> {
  const before = contextOf(loaded, step.before);
  const activity = loaded.matcher.match(step.label);
  let probability: number | undefined;
  if (activity !== undefined) {
    const here = await loaded.predict(before, loaded.agent.activities.length + 1, signal);
    probability = here.next.find((n) => n.activity === activity)?.probability ?? 0;
  }
  const after = activity !== undefined || loaded.usesUnknownSteps ? [...before, activity ?? step.label] : before;
  const next = (await loaded.predict(after, shown, signal)).next;
  const times = after.length > 0 ? await loaded.agent.predictTimes?.(after, signal) : undefined;
  return { activity, probability, next, ...(times ? { times } : {}) };
}

export type Hint =
  | { kind: 'unknown'; step: SpecStep }
  | { kind: 'improbable'; step: SpecStep; activity: string; probability: number; previous: string | undefined; usual: NextStep[] };

/** Unknown steps, and known steps whose probability after their predecessors is below `threshold`. */
export async function hints(loaded: LoadedAgent, steps: readonly SpecStep[], threshold: number, signal?: AbortSignal): Promise<Hint[]> {
  const out: Hint[] = [];
  for (const step of steps) {
    signal?.throwIfAborted();
    const activity = loaded.matcher.match(step.label);
    if (activity === undefined) {
      out.push({ kind: 'unknown', step });
      continue;
    }
    const before = contextOf(loaded, step.before);
    const dist = await loaded.predict(before, loaded.agent.activities.length + 1, signal);
    const probability = dist.next.find((n) => n.activity === activity)?.probability ?? 0;
    if (probability >= threshold) continue;
    out.push({ kind: 'improbable', step, activity, probability, previous: before.at(-1), usual: dist.next.filter((n) => n.activity !== activity).slice(0, 3) });
  }
  return out;
}
