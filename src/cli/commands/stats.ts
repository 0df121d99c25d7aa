/**
 * `process-agent stats <log>`: read a log and print its statistics, as text or as one JSON
 * object (`--json`) with at least `cases`, `events` and `activities`, which later tools read.
 */
import { computeStats, type LogStats } from '../../core/data/stats';
import { readLog } from '../../core/log/read';
import type { ReadOptions, ReadReport } from '../../core/log/types';
import { num, parse, READ_HELP, READ_OPTIONS, readOptions, UserError } from '../options';

const HELP = `usage: process-agent stats <log> [options]

Reads a CSV, XES (.xes, .xes.gz) or OCEL 2.0 (JSON or XML) log and prints its statistics.

options:
  --json                     print one JSON object
${READ_HELP}  --xes-workers N            threads parsing a big XES in parallel; 0 reads serially
                             (default: cores - 1, at most 4, with 4 or more cores; else 0)
`;

function fail(message: string): number {
  process.stderr.write(`process-agent stats: ${message}\n`);
  return 2;
}

/** The options to read the log with; a UserError for a mistake on the command line. */
function statsOptions(v: Record<string, string | boolean | undefined>): ReadOptions {
  const opts: ReadOptions = readOptions(v);
  const n = num(v, 'xes-workers');
  if (n !== undefined) opts.xesParallel = n === 0 ? false : { workers: n };
  return opts;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  let opts: ReadOptions;
  try {
    parsed = parse(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...READ_OPTIONS, 'xes-workers': { type: 'string' } }, 'stats');
    if (parsed.values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    opts = statsOptions(parsed.values);
  } catch (e) {
    if (e instanceof UserError) return fail(e.message.replace(/^stats: /, ''));
    throw e;
  }
  const v = parsed.values;
  if (parsed.positionals.length !== 1) return fail(`give exactly one log file.\n${HELP}`);
  const log = await readLog(parsed.positionals[0], opts);
  const stats = computeStats(log.cases);
  if (v.json) {
    process.stdout.write(JSON.stringify({ ...stats, report: log.report }) + '\n');
  } else {
    process.stdout.write(describe(stats, log.report));
  }
  return 0;
}

function describe(s: LogStats, r: ReadReport): string {
  const lines = [
    `${r.file} (${r.format})`,
    `cases       ${s.cases}`,
    `events      ${s.events}`,
    `activities  ${s.activities}`,
    `variants    ${s.variants}`,
    `trace length min ${s.traceLength.min} · median ${s.traceLength.median} · mean ${s.traceLength.mean.toFixed(2)} · max ${s.traceLength.max}`,
    s.timeSpan ? `time span   ${s.timeSpan.start} .. ${s.timeSpan.end} (${s.timeSpan.days.toFixed(1)} days)` : 'time span   (no timestamps)',
  ];
  if (r.columns) lines.push(`columns     ${Object.entries(r.columns).map(([k, c]) => `${k}="${c}"`).join(', ')}`);
  if (r.dateOrder) lines.push(`dates       ${r.dateOrder}`);
  if (r.objectType) lines.push(`object type ${r.objectType} (of ${r.objectTypes?.join(', ')})`);
  lines.push('top activities:');
  for (const a of s.activityCounts.slice(0, 10)) lines.push(`  ${String(a.count).padStart(8)}  ${a.activity}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}
