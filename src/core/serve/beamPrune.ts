/**
 * Early stop for the served beam search, exact: the answer stays ProcessAgent.predictSuffix's.
 *
 * predictSuffix answers with the first ended beam of the final list (sorted by log-probability,
 * stably, ended beams ahead of new children on ties). Let E be the first ended beam of the list
 * now, with log-probability e. A beam's children never score above it (log-probabilities only
 * fall), so an open beam behind E (score ≤ e) has only descendants ≤ e, and on a tie E sorts
 * first. Such beams can never rank ahead of E, nor push out anything ranked ahead of it: the
 * list up to and including its first ended beam evolves exactly as if they were kept. So:
 *   - open beams behind the first ended beam are dropped (their rows are never run);
 *   - once the best beam has ended, nothing can overtake it and the search is done.
 * On the bench's prefixes this runs about half the rows of the full search (README, Prediction service).
 */

export interface RankedBeam {
  logProb: number;
  ended: boolean;
}

/** `beams` sorted best first: drops the open beams behind the first ended one. */
export function pruneBehindEnded<B extends RankedBeam>(beams: B[]): B[] {
  const first = beams.findIndex((b) => b.ended);
  return first < 0 ? beams : beams.filter((b, i) => i <= first || b.ended);
}

/** Whether the search is decided: the best beam has ended. */
export function decided(beams: readonly RankedBeam[]): boolean {
  return beams.length > 0 && beams[0].ended;
}
