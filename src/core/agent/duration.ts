/** Durations as people read them: "40 s", "12 min", "3.5 h", "2.3 d", the unit chosen by size. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h`;
  const d = s / 86_400;
  return `${d.toFixed(d < 10 ? 1 : 0)} d`;
}

/** "≈ 2.3 d to next step · ≈ 9 d to finish": what the hover and the inline completion show. */
export function timeSummary(nextMs: number, remainingMs: number): string {
  return `≈ ${formatDuration(nextMs)} to next step · ≈ ${formatDuration(remainingMs)} to finish`;
}
