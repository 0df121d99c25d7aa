/**
 * `process-agent stats <log>`: read a log and print its statistics, as text or as one JSON
 * object (`--json`) with at least `cases`, `events` and `activities`, which later tools read.
 */
import { parseArgs } from 'node:util';
import { computeStats, type LogStats } from '../../core/data/stats';
import { readLog } from '../../core/log/read';
import type { LogFormat, ReadOptions, ReadReport } from '../../core/log/types';

const HELP = `usage: process-agent stats <log> [options]

Reads a CSV, XES (.xes, .xes.gz) or OCEL 2.0 (JSON or XML) log and prints its statistics.

options:
  --json                     print one JSON object
  --case-col NAME            CSV column holding the case id
  --activity-col NAME        CSV column holding the activity
  --time-col NAME            CSV column holding the timestamp
  --resource-col NAME        CSV column holding the resource
  --day-first | --month-first   how to read dates like 03-04-2024 (default: decided from the values)
  --classifier name|name+lifecycle   activity label (default: name)
  --lifecycle LIST           keep only these lifecycle transitions, e.g. complete
  --object-type TYPE         OCEL: the object type whose objects become cases
  --format csv|xes|ocel      skip format detection
  --xes-workers N            threads parsing a big XES in parallel; 0 reads serially
                             (default: cores - 1, at most 4, with 4 or more cores; else 0)
`;

function fail(message: string): number {
  process.stderr.write(`process-agent stats: ${message}\n`);
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'case-col': { type: 'string' },
        'activity-col': { type: 'string' },
        'time-col': { type: 'string' },
        'resource-col': { type: 'string' },
        'day-first': { type: 'boolean' },
        'month-first': { type: 'boolean' },
        classifier: { type: 'string' },
        lifecycle: { type: 'string' },
        'object-type': { type: 'string' },
        format: { type: 'string' },
        'xes-workers': { type: 'string' },
      },
    });
  } catch (e) {
    return fail(`${(e as Error).message}; see \`process-agent stats --help\`.`);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) return fail(`give exactly one log file.\n${HELP}`);
  const opts: ReadOptions = {};
  const columns: NonNullable<ReadOptions['columns']> = {};
  if (v['case-col'] !== undefined) columns.caseId = v['case-col'];
  if (v['activity-col'] !== undefined) columns.activity = v['activity-col'];
  if (v['time-col'] !== undefined) columns.time = v['time-col'];
  if (v['resource-col'] !== undefined) columns.resource = v['resource-col'];
  if (Object.keys(columns).length > 0) opts.columns = columns;
  if (v['day-first'] && v['month-first']) return fail('give --day-first or --month-first, not both.');
  if (v['day-first']) opts.dayFirst = true;
  if (v['month-first']) opts.dayFirst = false;
  if (v.classifier !== undefined) {
    if (v.classifier !== 'name' && v.classifier !== 'name+lifecycle') return fail(`--classifier must be "name" or "name+lifecycle", got "${v.classifier}".`);
    opts.classifier = v.classifier;
  }
  if (v.lifecycle !== undefined) opts.lifecycleFilter = v.lifecycle.split(',').map((s) => s.trim()).filter(Boolean);
  if (v['object-type'] !== undefined) opts.objectType = v['object-type'];
  if (v.format !== undefined) {
    if (!['csv', 'xes', 'ocel'].includes(v.format)) return fail(`--format must be csv, xes or ocel, got "${v.format}".`);
    opts.format = v.format as LogFormat;
  }
  if (v['xes-workers'] !== undefined) {
    const n = Number(v['xes-workers']);
    if (!Number.isInteger(n) || n < 0 || n > 64) return fail(`--xes-workers must be a whole number from 0 to 64, got "${v['xes-workers']}".`);
    opts.xesParallel = n === 0 ? false : { workers: n };
  }

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
