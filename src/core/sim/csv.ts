/** Writes simulated events as a CSV event log that the project's CSV reader detects unaided. */
import type { SimEvent } from './simulate';

export const CSV_HEADER = 'Case ID,Activity,Resource,Complete Timestamp';

/** "YYYY-MM-DD HH:mm:ss" in UTC, the most common export format. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** RFC 4180 quoting, only where a value needs it. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function eventsToCsv(events: readonly SimEvent[]): string {
  const lines = [CSV_HEADER];
  for (const e of events) lines.push([e.caseId, e.activity, e.resource, formatTimestamp(e.time)].map(field).join(','));
  return lines.join('\n') + '\n';
}
