/**
 * CSV column detection by the names common exports use, and delimiter sniffing.
 * Names are compared loosely: case, spaces, `_` and `-` do not matter.
 */
import { LogError, type ColumnMapping } from './types';

/** Candidate names per role, best first (a complete timestamp beats a start timestamp). */
const CANDIDATES: Readonly<Record<keyof ColumnMapping | 'lifecycle', readonly string[]>> = {
  caseId: ['case:concept:name', 'caseid', 'case', 'casenumber', 'caseidentifier', 'casename', 'traceid', 'trace', 'processinstance', 'instanceid'],
  activity: ['concept:name', 'activity', 'activityid', 'activityname', 'eventname', 'event', 'task', 'taskname', 'action', 'step'],
  time: ['time:timestamp', 'completetimestamp', 'timestamp', 'endtimestamp', 'completetime', 'endtime', 'datetime', 'time', 'date', 'starttimestamp', 'starttime'],
  resource: ['org:resource', 'resource', 'user', 'performer', 'originator', 'agent'],
  lifecycle: ['lifecycle:transition', 'lifecycle', 'transition'],
};

const ROLE_NAMES = { caseId: 'case id', activity: 'activity', time: 'timestamp', resource: 'resource', lifecycle: 'lifecycle' } as const;

function loose(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

export interface DetectedColumns {
  mapping: ColumnMapping & { lifecycle?: string };
  /** Indices into the header row. */
  index: { caseId: number; activity: number; time: number; resource: number; lifecycle: number };
  warnings: string[];
}

/**
 * Picks the case, activity, time, resource and lifecycle columns. An explicit mapping wins;
 * a mapped name that is not in the header is an error, as is a used column whose name appears twice.
 */
export function detectColumns(file: string, header: string[], given: Partial<ColumnMapping> = {}): DetectedColumns {
  const warnings: string[] = [];
  const positions = new Map<string, number[]>();
  header.forEach((h, i) => {
    const k = h.trim();
    positions.set(k, [...(positions.get(k) ?? []), i]);
  });
  const dupes = [...positions].filter(([, idx]) => idx.length > 1);

  const find = (role: keyof typeof CANDIDATES): number => {
    const explicit = role === 'lifecycle' ? undefined : given[role];
    if (explicit !== undefined) {
      const idx = positions.get(explicit.trim());
      if (!idx) {
        throw new LogError(file, `the column "${explicit}" given for the ${role} is not in the header`, `The header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`, 1);
      }
      return idx[0];
    }
    const matches: number[] = [];
    for (const cand of CANDIDATES[role]) {
      header.forEach((h, i) => {
        if (loose(h) === cand && !matches.includes(i)) matches.push(i);
      });
    }
    // Several plausible columns: say which one was taken and how to take another.
    const flag = { caseId: '--case-col', activity: '--activity-col', time: '--time-col', resource: '--resource-col', lifecycle: '' }[role];
    if (matches.length > 1 && flag) {
      warnings.push(`several ${ROLE_NAMES[role]} columns (${matches.map((i) => JSON.stringify(header[i])).join(', ')}); used ${JSON.stringify(header[matches[0]])}, choose another with ${flag}`);
    }
    return matches.length > 0 ? matches[0] : -1;
  };
  const index = { caseId: find('caseId'), activity: find('activity'), time: find('time'), resource: find('resource'), lifecycle: find('lifecycle') };
  if (index.caseId < 0 || index.activity < 0) {
    const missing = [index.caseId < 0 ? 'case id' : '', index.activity < 0 ? 'activity' : ''].filter(Boolean).join(' and ');
    throw new LogError(
      file,
      `no ${missing} column found in the header (${header.slice(0, 20).map((h) => JSON.stringify(h)).join(', ')}${header.length > 20 ? ', …' : ''})`,
      'Name the columns e.g. "Case ID", "Activity", "Timestamp", or map them with --case-col, --activity-col and --time-col',
      1,
    );
  }
  if (index.caseId === index.activity) {
    throw new LogError(file, `the same column "${header[index.caseId]}" was chosen for case id and activity`, 'Map them explicitly with --case-col and --activity-col', 1);
  }
  for (const [name, idx] of dupes) {
    const used = Object.values(index).some((i) => i >= 0 && header[i].trim() === name);
    if (used) {
      throw new LogError(file, `the header names the column "${name}" ${idx.length} times (columns ${idx.map((i) => i + 1).join(', ')}), so it is unclear which one to use`, 'Rename the duplicate columns, or map other columns with --case-col/--activity-col/--time-col', 1);
    }
    warnings.push(`the header names "${name}" ${idx.length} times; that column is not used`);
  }
  const name = (i: number): string | undefined => (i >= 0 ? header[i] : undefined);
  const mapping: DetectedColumns['mapping'] = { caseId: header[index.caseId], activity: header[index.activity] };
  if (index.time >= 0) mapping.time = name(index.time);
  if (index.resource >= 0) mapping.resource = name(index.resource);
  if (index.lifecycle >= 0) mapping.lifecycle = name(index.lifecycle);
  return { mapping, index, warnings };
}

const DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

/** Counts a delimiter in a line, ignoring anything inside double quotes. */
function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter that splits the first lines into the same, largest number of fields.
 * Falls back to the one most frequent in the header, then to a comma.
 */
export function detectDelimiter(head: string): string {
  const lines = head.split(/\r?\n/).slice(0, 20);
  if (lines.length > 1 && !head.endsWith('\n')) lines.pop(); // the last line may be cut off
  const usable = lines.filter((l) => l.length > 0);
  if (usable.length === 0) return ',';
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const counts = usable.map((l) => countOutsideQuotes(l, d));
    const consistent = counts.every((c) => c === counts[0]);
    if (consistent && counts[0] > bestCount) {
      best = d;
      bestCount = counts[0];
    }
  }
  if (bestCount > 0) return best;
  for (const d of DELIMITERS) {
    const c = countOutsideQuotes(usable[0], d);
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}
