// `npm run bench:serve`: the prediction service under load from a real load generator
// (autocannon, loopback only). The service runs as its own process (the built CLI:
// `node dist/cli.js serve`), the load generator in this one, so both share the machine's cores as
// a client on the same host would. Every response is checked against the agent's own
// predictNext + predictSuffix (and predictTimes, with time heads) for the prefix that was sent
// (what `predict --json` prints), and a
// run with a wrong or failed answer fails the bench.
//
// Runs, each bounded by time (RUN_SECONDS) and by count:
//   1. POST /v1/predict at autocannon's rate limit of 2,000 requests/s over 64 connections (the
//      target: ≥ 2,000 predictions/s with p95 ≤ 10 ms), answer cache off (`--cache 0`), so
//      every answer is inferred; the decode-state cache stays on in every run (a case's earlier
//      prefixes are what it keeps, as a monitored case's would be; rowDecoder.ts). autocannon's limit is a per-connection quota refilled each second, so this run
//      arrives in bursts (pacedLoad.ts says why that makes it a closed loop most of each second);
//   2. the same target paced: 2,000 requests/s due evenly, open loop, at most 64 connections,
//      latency from each request's due time (pacedLoad.ts);
//   3. autocannon closed-loop (each connection sends as soon as it has its answer): the ceiling;
//   4. 1 and 3 with the service's default answer cache on;
//   5. POST /v1/predict/batch, 16 cases a call, closed-loop, answer cache off.
// The service runs with its default workers (one per core, up to 4); `PA_BENCH_WORKERS=N` sets them.
// The paced run also prints the CPU a request costs the service's processes (/proc) and the load
// generator: at 2,000/s on 2 cores their sum says how near the machine is to full.
// Reference, same run: the agent in this process answering the same prefixes one at a time (as
// `predict` does), so the service's figures read as a ratio to it.
// `PA_BENCH_AGENT=<dir>` serves an existing agent; otherwise a tiny agent is trained for 2 epochs
// on samples/loan-sample.csv. `PA_BENCH_SECONDS` changes the run length (default 8).
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { trainAgent } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { readLog } from '../../src/core/log/read';
import { predictTimes } from '../../src/core/agent/timePrediction';
import { pacedLoad, type PacedResult } from './pacedLoad';
import { SERVED_TIME_TOLERANCE } from '../../src/core/serve/rowDecoder';

const RUN_SECONDS = Number(process.env.PA_BENCH_SECONDS ?? 8);
const WARM_SECONDS = 2;
const CONNECTIONS = 64;
const TARGET_RATE = 2000;
const MAX_PREFIXES = 400;
const BATCH = 16;

interface Expected {
  next: { activity: string; probability: number }[];
  suffix: string[];
  /** predictTimes' p50 time to the next event; null for an agent without time heads. */
  nextEventInMs: number | null;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function matches(got: { next?: Expected['next']; suffix?: string[]; nextEventInMs?: number | null } | undefined, want: Expected): boolean {
  const t = got?.nextEventInMs;
  if (want.nextEventInMs === null ? t !== null : typeof t !== 'number' || Math.abs(t - want.nextEventInMs) > SERVED_TIME_TOLERANCE * Math.max(1, want.nextEventInMs)) return false;
  if (!got?.next || !got.suffix || got.next.length !== want.next.length || got.suffix.join('\u0000') !== want.suffix.join('\u0000')) return false;
  return got.next.every((n, i) => n.activity === want.next[i].activity && Math.abs(n.probability - want.next[i].probability) < 1e-5);
}

/** The paced run's p50 / p95 per group of predicted suffix lengths (each step is one more decode round). */
function suffixLatencies(p: PacedResult, expected: readonly Expected[]): string {
  const groups: [string, (n: number) => boolean][] = [['0–2 steps', (n) => n <= 2], ['3–5', (n) => n >= 3 && n <= 5], ['6+', (n) => n >= 6]];
  return groups
    .map(([label, inGroup]) => {
      const ms = p.latencies.filter((_, j) => inGroup(expected[p.bodyOf[j]].suffix.length));
      return `${label} p50 ${quantile(ms, 0.5).toFixed(1)} / p95 ${quantile(ms, 0.95).toFixed(1)} ms (${((100 * ms.length) / p.latencies.length).toFixed(0)} % of requests)`;
    })
    .join('; ');
}

async function startService(agentDir: string, cache: boolean): Promise<{ url: string; child: ChildProcess }> {
  const workers = process.env.PA_BENCH_WORKERS ? ['--workers', process.env.PA_BENCH_WORKERS] : [];
  const args = ['dist/cli.js', 'serve', '--agent', agentDir, '--port', '0', '--no-watch', ...workers, ...(cache ? [] : ['--cache', '0'])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) res(m[1]);
    });
    child.on('exit', (code) => rej(new Error(`serve exited with ${code}`)));
  });
  return { url, child };
}

/**
 * CPU time (ms, user + system) of the service: its primary and the workers it forked, from
 * /proc (Linux); undefined where /proc is missing. A profiler would skew it (the V8 profiler put
 * 40 % of the main thread in onnxruntime where timing the runs directly gave 11 %).
 */
function serviceCpuMs(pid: number): number | undefined {
  const ticks = (p: number): number => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
  };
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    const all = [pid, ...(kids ? kids.split(/\s+/).map(Number) : [])];
    return (all.reduce((sum, p) => sum + ticks(p), 0) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these. */
const CLOCK_TICKS = 100;

async function stopService(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface RunResult {
  name: string;
  requests: number;
  predictions: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  wrong: number;
  errors: number;
}

/** One autocannon run; `bodies[i]` answers must match `expected[i]` (batch: an array per body). */
async function load(name: string, url: string, bodies: string[], check: (i: number, body: string) => boolean, casesPerBody: number, rate?: number, seconds = RUN_SECONDS): Promise<RunResult> {
  let wrong = 0;
  const times: number[] = [];
  let counter = 0;
  let done!: (r: autocannon.Result) => void;
  let failed!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((res, rej) => ((done = res), (failed = rej)));
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds, // bounds the run in time; the rate (or the service's speed) bounds its count
    overallRate: rate,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req, context) => {
          const i = counter++ % bodies.length;
          (context as { i: number }).i = i;
          return { ...req, body: bodies[i] };
        },
        onResponse: (status, body, context) => {
          if (status !== 200 || !check((context as { i: number }).i, body)) wrong++;
        },
      },
    ],
  }, (err, result) => (err ? failed(err) : done(result)));
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  // A hung service must not hang the bench: stop the generator well past the run's length.
  const guard = setTimeout(() => instance.stop(), (seconds + 20) * 1000);
  const result = await finished;
  clearTimeout(guard);
  const requests = result.requests.total;
  return {
    name,
    requests,
    predictions: requests * casesPerBody,
    perSecond: (requests * casesPerBody) / result.duration,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    p99: quantile(times, 0.99),
    wrong,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main(): Promise<void> {
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js missing: `npm run bench:serve` builds it first');
  const log = resolve('samples/loan-sample.csv');
  let dir = process.env.PA_BENCH_AGENT;
  let temp: string | undefined;
  if (!dir) {
    temp = dir = mkdtempSync(join(tmpdir(), 'pa-bench-serve-'));
    console.log('training a tiny agent for 2 epochs on samples/loan-sample.csv …');
    await trainAgent({ logs: [log], agentDir: dir, config: trainConfig({ preset: 'tiny', epochs: 2, device: 'cpu' }), fineTune: false });
  }
  try {
    // Distinct prefixes of the log's cases (the empty one too), and their answers from the agent itself.
    const cases = (await readLog(log)).cases.map((c) => c.events.map((e) => e.activity));
    const seen = new Set<string>();
    const prefixes: string[][] = [];
    for (const c of cases) {
      for (let k = 0; k <= c.length && prefixes.length < MAX_PREFIXES; k++) {
        const key = c.slice(0, k).join('\u0000');
        if (!seen.has(key)) seen.add(key), prefixes.push(c.slice(0, k));
      }
    }
    const agent = await loadAgent(dir, { device: 'cpu', threads: 1 });
    const expected: Expected[] = [];
    for (const p of prefixes.slice(0, 20)) await agent.predictSuffix(p, 3, 50); // warm-up
    const t0 = performance.now();
    for (const p of prefixes) {
      const times = await predictTimes(agent, p.map((activity) => ({ activity })));
      expected.push({ next: (await agent.predictNext(p, 5)).next, suffix: (await agent.predictSuffix(p, 3, 50)).steps, nextEventInMs: times?.nextEventInMs ?? null });
    }
    const referenceRate = prefixes.length / ((performance.now() - t0) / 1000);
    const timeHeads = agent.timeModel !== undefined;
    await agent.dispose();
    const meanSuffix = expected.reduce((s, e) => s + e.suffix.length, 0) / expected.length;
    console.log(`${prefixes.length} distinct prefixes (mean predicted suffix ${meanSuffix.toFixed(1)} steps), time heads ${timeHeads ? 'on' : 'off'}, ${availableParallelism()} cores, ${RUN_SECONDS} s a run, ${CONNECTIONS} connections, decode-state cache on (the serve default)`);

    const single = prefixes.map((p) => JSON.stringify({ events: p.map((activity) => ({ activity })) }));
    const checkSingle = (i: number, body: string): boolean => matches(JSON.parse(body), expected[i]);
    const groups = Array.from({ length: Math.ceil(prefixes.length / BATCH) }, (_, g) => prefixes.slice(g * BATCH, (g + 1) * BATCH));
    const batchBodies = groups.map((g) => JSON.stringify({ cases: g.map((p) => ({ events: p.map((activity) => ({ activity })) })) }));
    const checkBatch = (i: number, body: string): boolean => {
      const results = (JSON.parse(body) as { results?: unknown[] }).results;
      return Array.isArray(results) && results.length === groups[i].length && results.every((r, j) => matches(r as Expected, expected[i * BATCH + j]));
    };

    const results: RunResult[] = [];
    let bySuffix = '';
    let cpuLine = '';
    for (const cache of [false, true]) {
      const { url, child } = await startService(dir, cache);
      try {
        const predict = `${url}/v1/predict`;
        const tag = cache ? 'answer cache on ' : 'answer cache off';
        await load('warm-up', predict, single, checkSingle, 1, 500, WARM_SECONDS); // compiles every graph size
        results.push(await load(`predict, ${TARGET_RATE}/s offered, ${tag}`, predict, single, checkSingle, 1, TARGET_RATE));
        if (!cache) {
          const cpu0 = serviceCpuMs(child.pid!);
          const own0 = process.cpuUsage();
          const p = await pacedLoad(predict, single, checkSingle, TARGET_RATE, RUN_SECONDS, CONNECTIONS);
          const own = process.cpuUsage(own0);
          const cpu1 = serviceCpuMs(child.pid!);
          if (cpu0 !== undefined && cpu1 !== undefined) cpuLine = `paced run: the service's processes used ${((1000 * (cpu1 - cpu0)) / p.sent).toFixed(0)} µs of CPU a request, the load generator (this process) ${((own.user + own.system) / p.sent).toFixed(0)} µs`;
          results.push({ name: `predict, ${TARGET_RATE}/s paced, ${tag}`, requests: p.sent, predictions: p.sent, perSecond: p.perSecond, p50: quantile(p.latencies, 0.5), p95: quantile(p.latencies, 0.95), p99: quantile(p.latencies, 0.99), wrong: p.wrong, errors: p.errors });
          bySuffix = suffixLatencies(p, expected);
        }
        results.push(await load(`predict, closed loop, ${tag}`, predict, single, checkSingle, 1));
        if (!cache) results.push(await load(`batch ×${BATCH}, closed loop, ${tag}`, `${url}/v1/predict/batch`, batchBodies, checkBatch, BATCH));
      } finally {
        await stopService(child);
      }
    }

    console.log(`\nreference: in-process predictNext + predictSuffix${timeHeads ? ' + predictTimes' : ''}, one prefix at a time: ${referenceRate.toFixed(0)} predictions/s`);
    console.log(`${'run'.padEnd(44)} ${'predictions/s'.padStart(13)} ${'× ref'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  requests  wrong/failed`);
    for (const r of results) {
      console.log(`${r.name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(13)} ${(r.perSecond / referenceRate).toFixed(1).padStart(6)} ${r.p50.toFixed(1).padStart(7)} ${r.p95.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)}  ${String(r.requests).padStart(8)}  ${r.wrong}/${r.errors}`);
    }
    // A case takes one round per suffix step (1 + the predicted suffix): this says whether the tail is the long suffixes or hits every request.
    console.log(`paced run (answer cache off), latency by predicted suffix length: ${bySuffix}`);
    // What the 2 cores spend a request: the service (all its processes) and the generator beside it.
    if (cpuLine) console.log(cpuLine);
    const met = (r: RunResult): string => (r.perSecond >= TARGET_RATE * 0.97 && r.p95 <= 10 && r.wrong + r.errors === 0 ? 'met' : 'NOT met');
    console.log(`target (≥ ${TARGET_RATE} predictions/s at ${CONNECTIONS} connections, p95 ≤ 10 ms, all correct), answer cache off: autocannon's rate limit ${met(results[0])}; paced ${met(results[1])}`);
    const bad = results.reduce((s, r) => s + r.wrong + r.errors, 0);
    if (bad > 0) {
      console.error(`${bad} wrong or failed responses`);
      process.exitCode = 1;
    }
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
