/** Hand-made logs for the insight tests: each case as [activity, minute, resource?] steps. */
import type { Case } from '../../src/core/log/types';

export type Step = [activity: string, minute: number, resource?: string];

export function log(cases: Record<string, Step[]>): Case[] {
  return Object.entries(cases).map(([id, steps]) => ({
    id,
    events: steps.map(([activity, minute, resource]) => ({ activity, time: minute * 60_000, ...(resource ? { resource } : {}) })),
  }));
}

export const MIN = 60_000;
