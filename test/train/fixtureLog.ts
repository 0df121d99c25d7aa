/**
 * A small synthetic log for training tests, written to a temp folder: the decision at the end
 * ("Approve" or "Reject") depends on which check came three or more steps earlier, with a
 * rework loop in between, so a model must remember — last1 cannot.
 */
import { writeFileSync } from 'node:fs';
import { Rng } from '../../src/core/train/rng';

export interface FixtureOptions {
  cases: number;
  seed: number;
  /** Extra activity inserted before Close in every case (fine-tuning on a changed process). */
  extraStep?: string;
  /** First case number, so a second log follows the first in time. */
  firstCase?: number;
  /** Share of cases that follow a new variant with two activities the old log never had. */
  newVariant?: number;
}

/** The new variant: what a fine-tune must add without forgetting the rest. */
export const NEW_VARIANT = ['Register', 'Check C', 'Review', 'Escalate', 'Close'];

export function fixtureCases(o: FixtureOptions): string[][] {
  const rng = new Rng(o.seed);
  const out: string[][] = [];
  for (let i = 0; i < o.cases; i++) {
    if (o.newVariant && rng.next() < o.newVariant) {
      out.push([...NEW_VARIANT]);
      continue;
    }
    const a = rng.next() < 0.5;
    const acts = ['Register', a ? 'Check A' : 'Check B', 'Review'];
    while (rng.next() < 0.3) acts.push('Review');
    acts.push(a ? 'Approve' : 'Reject');
    if (o.extraStep) acts.push(o.extraStep);
    acts.push('Close');
    out.push(acts);
  }
  return out;
}

export function writeFixtureLog(file: string, o: FixtureOptions): string[][] {
  const cases = fixtureCases(o);
  const lines = ['case,activity,timestamp'];
  const t0 = Date.UTC(2024, 0, 1) + (o.firstCase ?? 0) * 3_600_000;
  cases.forEach((acts, i) => {
    acts.forEach((act, j) => {
      const t = new Date(t0 + i * 3_600_000 + j * 60_000).toISOString();
      lines.push(`c${(o.firstCase ?? 0) + i},${act},${t}`);
    });
  });
  writeFileSync(file, lines.join('\n') + '\n');
  return cases;
}
