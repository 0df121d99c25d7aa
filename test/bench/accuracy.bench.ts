/**
 * Accuracy benchmark (`npm run bench:accuracy [-- <substring>...] [-- --preset NAME --epochs N]`):
 * trains an agent with the DEFAULT config on each shared log under its published protocol and
 * prints one table — agent accuracy beside the three baselines scored on the same prefixes, the
 * published figure, the Bayes ceiling for synthetic logs, and the time to train; then a second
 * table of remaining-time MAE (days) beside the mean-by-length and transition-system baselines
 * and the best published MAE (PGTNet rows, PGTNet's protocol). Row filters
 * (substrings of the log path) run it in parts, e.g. `npm run bench:accuracy -- helpdesk`.
 * It trains in its own process, so it reruns itself with the training process's environment
 * (inTrainingEnv.ts): its training times are what `train` takes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { trainAgent } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { chronologicalProtocol, pgtnetProtocol, ramaProtocol, taxProtocol } from '../../src/core/eval/protocol';
import type { EvalProtocol } from '../../src/core/eval/types';
import type { ReadOptions } from '../../src/core/log/types';
import type { TrainConfig, TrainResult } from '../../src/core/train/types';
import { rerunInTrainingEnv } from './inTrainingEnv';

// ../shared/data beside the repo (CI, the lead's tree); a worktree elsewhere sets PA_SHARED_DATA or finds /work/shared/data.
const data = [process.env.PA_SHARED_DATA, resolve(__dirname, '../../../shared/data'), '/work/shared/data'].find((d): d is string => !!d && existsSync(d)) ?? resolve(__dirname, '../../../shared/data');

interface Row {
  log: string;
  protocol: EvalProtocol;
  read?: Omit<ReadOptions, 'signal'>;
  published?: number;
  ceilingFile?: string;
  /** Best published remaining-time MAE in days (PGTNet's table), for the PGTNet-protocol rows. */
  publishedMaeDays?: number;
}

const rama = (dir: string, name: string): Row => ({
  log: `${dir}/rama_split_64_16_20/train_val_${name}`,
  protocol: ramaProtocol(resolve(data, `${dir}/rama_split_64_16_20/train_val_${name}`), resolve(data, `${dir}/rama_split_64_16_20/test_${name}`)),
});

const ROWS: Row[] = [
  { log: 'helpdesk/helpdesk_tax.csv', protocol: taxProtocol(), published: 0.7123 },
  { log: 'bpic2012_w/bpi_12_w_tax.csv', protocol: taxProtocol(), published: 0.76 },
  rama('helpdesk', 'Helpdesk.xes.gz'),
  rama('bpic2012_w', 'BPI_Challenge_2012_W_Complete.xes.gz'),
  { log: 'bpic2012/BPI_Challenge_2012.xes.gz', read: { classifier: 'name+lifecycle' }, protocol: chronologicalProtocol(0.2) },
  { log: 'receipt/08_receipt.xes.gz', protocol: chronologicalProtocol(0.2) },
  // Remaining time under PGTNet's protocol; best published MAE (days): GGNN on Helpdesk, PGTNet on the rest.
  { log: 'helpdesk/Helpdesk.xes.gz', protocol: pgtnetProtocol(), publishedMaeDays: 4.8 },
  { log: 'bpic2012_w/BPI_Challenge_2012_W.xes.gz', read: { classifier: 'name+lifecycle' }, protocol: pgtnetProtocol(), publishedMaeDays: 5.86 },
  { log: 'receipt/08_receipt.xes.gz', protocol: pgtnetProtocol(), publishedMaeDays: 1.46 },
  { log: 'bpic2012/BPI_Challenge_2012.xes.gz', read: { classifier: 'name+lifecycle' }, protocol: pgtnetProtocol(), publishedMaeDays: 5.49 },
  { log: 'road_traffic_fine_sample/roadtraffic100traces.csv', protocol: chronologicalProtocol(0.2) },
  { log: 'running_example/running-example.csv', protocol: chronologicalProtocol(0.2) },
  { log: 'synthetic/loan.csv', protocol: chronologicalProtocol(1 / 3), ceilingFile: 'synthetic/loan.ceiling.json' },
  { log: 'synthetic/orders.csv', protocol: chronologicalProtocol(1 / 3), ceilingFile: 'synthetic/orders.ceiling.json' },
];

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { preset: { type: 'string' }, epochs: { type: 'string' }, lr: { type: 'string' }, batch: { type: 'string' }, tokenizer: { type: 'string' }, features: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
});
const overrides: Partial<TrainConfig> = {
  preset: values.preset,
  epochs: values.epochs ? Number(values.epochs) : undefined,
  learningRate: values.lr ? Number(values.lr) : undefined,
  batchSize: values.batch ? Number(values.batch) : undefined,
  tokenizer: values.tokenizer as TrainConfig['tokenizer'] | undefined,
  features: values.features as TrainConfig['features'] | undefined,
  seed: values.seed ? Number(values.seed) : undefined,
};
const rows = ROWS.filter((r) => positionals.length === 0 || positionals.some((p) => `${r.log} ${r.protocol.description}`.includes(p)));

const pct = (x: number | undefined) => (x === undefined ? '—' : (x * 100).toFixed(1));

interface Result {
  log: string;
  protocol: string;
  agent: number;
  /** The agent from the activities alone, for an agent that reads input features. */
  activitiesOnly?: number;
  last1: number;
  ngram: number;
  prefix: number;
  published?: number;
  ceiling?: number;
  secondsToBest: number;
  seconds: number;
  epochs: number;
  preset: string;
  /** Remaining-time MAE (days): agent, both baselines, published; coverage of p10–p90; next-event MAE. */
  time?: { agent: number; alone: number; served: string; nextServed: string; nextAlone: number; mean: number; ts: string; tsMae: number; published?: number; coverage: number; nextAgent: number; nextTs: number; prefixes: number };
  /** Features kept, and validation accuracy with each set tried: "resource+gap (none 77.1, resource+gap 77.4)". */
  features: string;
}

async function main(): Promise<void> {
  if (!existsSync(data)) {
    console.error(`shared logs not found at ${data}`);
    process.exit(1);
  }
  const results: Result[] = [];
  for (const row of rows) {
    const agentDir = mkdtempSync(join(tmpdir(), 'pa-bench-'));
    const config = trainConfig(overrides);
    const ceiling = row.ceilingFile ? (JSON.parse(readFileSync(resolve(data, row.ceilingFile), 'utf8')) as { ceiling_next_activity: number }).ceiling_next_activity : undefined;
    process.stderr.write(`${row.log} (${row.protocol.description}), preset ${config.preset} … `);
    const out = await trainAgent({ logs: [resolve(data, row.log)], agentDir, config, fineTune: false, read: row.read, protocol: row.protocol, save: false });
    rmSync(agentDir, { recursive: true, force: true });
    const r = out.report!;
    const res: Result = {
      log: row.log,
      protocol: row.protocol.description,
      agent: r.agent.accuracy,
      activitiesOnly: r.activitiesOnly?.accuracy,
      last1: r.baselines.last1.accuracy,
      ngram: r.baselines.ngram.accuracy,
      prefix: r.baselines.prefix.accuracy,
      published: row.published,
      ceiling,
      secondsToBest: out.secondsToBest,
      seconds: out.result.seconds,
      epochs: out.result.epochsRun,
      preset: config.preset,
      features: describeFeatures(out.result.features),
      time: r.remainingTime && r.nextEventTime
        ? {
            agent: r.remainingTime.maeDays,
            alone: r.remainingTime.agentAlone?.maeDays ?? r.remainingTime.maeDays,
            served: r.remainingTime.served?.name ?? 'agent',
            nextServed: r.nextEventTime.served?.name ?? 'agent',
            nextAlone: r.nextEventTime.agentAlone?.maeDays ?? r.nextEventTime.maeDays,
            mean: r.remainingTime.baselines.mean.maeDays,
            ts: `${r.remainingTime.baselines.transitionSystem.abstraction}, h=${r.remainingTime.baselines.transitionSystem.horizon}`,
            tsMae: r.remainingTime.baselines.transitionSystem.maeDays,
            published: row.publishedMaeDays,
            coverage: r.remainingTime.coverageP10P90,
            nextAgent: r.nextEventTime.maeDays,
            nextTs: r.nextEventTime.baselines.transitionSystem.maeDays,
            prefixes: r.remainingTime.prefixes,
          }
        : undefined,
    };
    results.push(res);
    process.stderr.write(`agent ${pct(res.agent)}%${res.time ? `, remaining-time MAE ${res.time.agent.toFixed(2)} d served (${res.time.served}; heads alone ${res.time.alone.toFixed(2)}; mean ${res.time.mean.toFixed(2)}; next event served ${res.time.nextAgent.toFixed(2)} (${res.time.nextServed}; heads alone ${res.time.nextAlone.toFixed(2)}), transition system ${res.time.nextTs.toFixed(2)}; remaining transition system ${res.time.tsMae.toFixed(2)})` : ''} in ${res.seconds.toFixed(0)} s\n`);
  }
  if (values.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log('\n| log | protocol | agent | activities only (a spec file) | last1 | n-gram | prefix | published | ceiling | agent/ceiling | s to best val | s total | epochs | input features (validation %) | verdict |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const strongest = Math.max(r.last1, r.ngram, r.prefix);
    const verdict = [
      r.agent >= strongest ? '≥ baselines' : `below baselines by ${((strongest - r.agent) * 100).toFixed(1)}`,
      r.published !== undefined ? (r.agent > r.published ? '> published' : '≤ published') : '',
      r.ceiling !== undefined ? (r.agent >= 0.99 * r.ceiling ? '≥ 99% ceiling' : '< 99% ceiling') : '',
    ].filter(Boolean).join(', ');
    console.log(
      `| ${r.log} | ${r.protocol} | ${pct(r.agent)} | ${r.activitiesOnly === undefined ? '= agent' : pct(r.activitiesOnly)} | ${pct(r.last1)} | ${pct(r.ngram)} | ${pct(r.prefix)} | ${pct(r.published)} | ${pct(r.ceiling)} | ${r.ceiling ? ((r.agent / r.ceiling) * 100).toFixed(1) + '%' : '—'} | ${r.secondsToBest.toFixed(1)} | ${r.seconds.toFixed(1)} | ${r.epochs} | ${r.features} | ${verdict} |`,
    );
  }
  printTimeTable(results);
}

function printTimeTable(results: readonly Result[]): void {
  const timed = results.filter((r) => r.time);
  if (timed.length === 0) return;
  const d = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
  console.log('\n| log | protocol | remaining MAE (d): served | served | agent alone | mean by length | transition system | published | p10–p90 coverage | next-event MAE (d): served | served | transition system | prefixes | verdict |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of timed) {
    const t = r.time!;
    const verdict = [t.agent < t.tsMae ? '< transition system' : '≥ transition system', t.published !== undefined ? (t.agent <= t.published ? '≤ published' : '> published') : ''].filter(Boolean).join(', ');
    console.log(`| ${r.log} | ${r.protocol} | ${d(t.agent)} | ${t.served} | ${d(t.alone)} | ${d(t.mean)} | ${d(t.tsMae)} (${t.ts}) | ${d(t.published)} | ${pct(t.coverage)}% | ${d(t.nextAgent)} | ${t.nextServed} | ${d(t.nextTs)} | ${t.prefixes} | ${verdict} |`);
  }
}

function describeFeatures(f: TrainResult['features']): string {
  if (!f) return '—';
  const name = (use: string[]) => use.join('+') || 'none';
  const tried = f.tried.length > 1 ? ` (${f.tried.map((t) => `${name(t.use)} ${pct(t.validationAccuracy)}${t.gainZ !== undefined ? ` z ${t.gainZ.toFixed(1)}` : ''}`).join(', ')})` : '';
  return name(f.used) + tried;
}

if (!rerunInTrainingEnv()) main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
