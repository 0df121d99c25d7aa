/**
 * `process-agent map <log> [--json] [--svg FILE] [--activities P] [--paths P]`: the process
 * map (directly-follows graph) with Disco's two abstraction sliders. `--json` prints
 * {nodes:[{id,label,events,cases}], edges:[{from,to,count,cases,medianWaitMs,p90WaitMs}], ...};
 * `--svg` writes the map laid out left to right.
 */
import { writeFileSync } from 'node:fs';
import { layoutMap } from '../../core/insight/layout';
import { processMap } from '../../core/insight/processMap';
import { mapToSvg } from '../../core/insight/svg';
import { END_NODE, START_NODE, type ProcessMap } from '../../core/insight/types';
import { readLog } from '../../core/log/read';
import { duration, share } from '../insightOptions';
import { parse, READ_HELP, READ_OPTIONS, readOptions, UserError } from '../options';

const HELP = `usage: process-agent map <log> [--json] [--svg FILE] [--activities P] [--paths P] [options]

Prints the process map of a CSV, XES or OCEL log: each activity with its events and cases, and
each directly-follows transition with its count, cases and median / p90 waiting time.

options:
  --json                     print one JSON object {nodes, edges, totalCases, totalEvents}
  --svg FILE                 also write the map, laid out left to right, as an SVG file
  --activities P             share of activities kept, most frequent first (0..1 or 40%; default 1)
  --paths P                  share of paths kept, most frequent first; every kept activity stays
                             connected to start and end (0..1 or 40%; default 1)
${READ_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { json: { type: 'boolean' }, svg: { type: 'string' }, activities: { type: 'string' }, paths: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...READ_OPTIONS },
    'map',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError(`map: give exactly one log file.\n${HELP}`);
  const abstraction = { activities: share(values, 'activities'), paths: share(values, 'paths') };
  const log = await readLog(positionals[0], readOptions(values));
  const map = processMap(log.cases, abstraction);
  if (typeof values.svg === 'string') {
    let laid;
    try {
      laid = layoutMap(map);
    } catch (e) {
      if (e instanceof RangeError) throw new UserError(`map --svg: ${positionals[0]}: ${e.message}.`);
      throw e;
    }
    writeFileSync(values.svg, mapToSvg(laid, { title: positionals[0] }));
  }
  if (values.json) process.stdout.write(JSON.stringify(map) + '\n');
  else process.stdout.write(describe(map, positionals[0], typeof values.svg === 'string' ? values.svg : undefined));
  for (const w of log.report.warnings) process.stderr.write(`warning: ${w}\n`);
  return 0;
}

function describe(map: ProcessMap, file: string, svg: string | undefined): string {
  const activities = map.nodes.filter((n) => n.id !== START_NODE && n.id !== END_NODE);
  const lines = [`${file}: ${map.totalCases} cases, ${map.totalEvents} events; map of ${activities.length} activities and ${map.edges.length} paths`, '', 'activities (events / cases):'];
  for (const n of activities.slice(0, 30)) lines.push(`  ${String(n.events).padStart(8)} ${String(n.cases).padStart(8)}  ${n.label}${n.medianServiceMs !== undefined ? `  (service ${duration(n.medianServiceMs)})` : ''}`);
  if (activities.length > 30) lines.push(`  … ${activities.length - 30} more (--json lists all)`);
  lines.push('', 'most frequent paths (count / cases, median wait):');
  for (const e of map.edges.slice(0, 20)) lines.push(`  ${String(e.count).padStart(8)} ${String(e.cases).padStart(8)}  ${e.from} → ${e.to}  (${duration(e.medianWaitMs)})`);
  if (map.edges.length > 20) lines.push(`  … ${map.edges.length - 20} more (--json lists all)`);
  if (svg) lines.push('', `wrote ${svg}`);
  return lines.join('\n') + '\n';
}
