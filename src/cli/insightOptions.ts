/** Parsing shared by `map` and `insights`: a share given as 0..1 or as a percentage ("40%"). */
import { UserError } from './options';

export function share(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const pct = text.endsWith('%');
  const n = Number(pct ? text.slice(0, -1) : text);
  const x = pct ? n / 100 : n;
  if (typeof raw !== 'string' || text === '' || !Number.isFinite(n) || !(x >= 0 && x <= 1)) {
    throw new UserError(`--${name} must be a share from 0 to 1 or a percentage like 40%, got "${String(raw)}".`);
  }
  return x;
}

/** A duration for people: 850 ms, 12.5 s, 3.2 min, 4.1 h, 2.3 d. */
export function duration(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (a < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (a < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
