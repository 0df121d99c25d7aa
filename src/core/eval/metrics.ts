/**
 * Next-activity metrics, accumulated one scored prefix at a time so that large logs never
 * hold every prediction: accuracy micro-averaged over all prefixes (never averaged per length
 * first, which inflated published numbers), top-3, accuracy per prefix length, and precision /
 * recall per activity (END_OF_CASE included when it is a target).
 */
import { compareCodeUnits } from '../tokenize/activity';
import type { ActivityScore, Scores } from './types';

export class ScoreAccumulator {
  private total = 0;
  private hits = 0;
  private top3Hits = 0;
  private unseen = 0;
  private readonly byLength = new Map<number, { hits: number; count: number }>();
  /** activity → { true positives, times predicted, times it was the target } */
  private readonly perActivity = new Map<string, { tp: number; predicted: number; support: number }>();

  /** The activities a predictor could know (training vocabulary); others always count as wrong. */
  constructor(private readonly known?: ReadonlySet<string>) {}

  /** Records one prefix: its length, the true next activity, and the predictor's ranking (best first). */
  add(prefixLength: number, target: string, ranked: readonly string[]): void {
    const targetKnown = !this.known || this.known.has(target);
    if (!targetKnown) this.unseen++;
    const predicted = ranked[0];
    const hit = targetKnown && predicted === target;
    const inTop3 = targetKnown && ranked.slice(0, 3).includes(target);
    this.total++;
    if (hit) this.hits++;
    if (inTop3) this.top3Hits++;
    const len = this.byLength.get(prefixLength) ?? { hits: 0, count: 0 };
    len.count++;
    if (hit) len.hits++;
    this.byLength.set(prefixLength, len);
    this.activity(target).support++;
    if (predicted !== undefined) {
      const p = this.activity(predicted);
      p.predicted++;
      if (hit) p.tp++;
    }
  }

  scores(): Scores {
    const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
    const perActivity: ActivityScore[] = [...this.perActivity.entries()]
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([activity, s]) => ({ activity, precision: ratio(s.tp, s.predicted), recall: ratio(s.tp, s.support), support: s.support }));
    return {
      accuracy: ratio(this.hits, this.total),
      top3: ratio(this.top3Hits, this.total),
      prefixes: this.total,
      byPrefixLength: [...this.byLength.entries()]
        .sort(([a], [b]) => a - b)
        .map(([length, s]) => ({ length, accuracy: ratio(s.hits, s.count), count: s.count })),
      perActivity,
      unseenTargets: this.unseen,
    };
  }

  private activity(name: string): { tp: number; predicted: number; support: number } {
    let s = this.perActivity.get(name);
    if (!s) {
      s = { tp: 0, predicted: 0, support: 0 };
      this.perActivity.set(name, s);
    }
    return s;
  }
}
