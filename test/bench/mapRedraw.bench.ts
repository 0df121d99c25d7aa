// `npm run bench:map`: the host's share of a Process Map slider move, as the panel runs it
// (MapSession.setAbstraction → processMap → a provisional map at the old positions where it can →
// layoutMap → the posted messages serialised), along a drag of both sliders, on the sample log, a synthetic log of 100 activities, and BPIC 2012
// (name+lifecycle, when ../shared/data has it). Target (issue 13): a map of ≤ 100 nodes redraws
// in ≤ 100 ms; the panel's own drawing is timed in the real editor (test/e2e/map.e2e.ts writes
// test-results/e2e/map-redraw.json). The split shows which part dominates, in the same run.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { readLog } from '../../src/core/log/read';
import type { Case } from '../../src/core/log/types';
import { layoutMap } from '../../src/core/insight/layout';
import { processMap } from '../../src/core/insight/processMap';
import { mulberry32 } from '../../src/core/mulberry32';
import { MapSession } from '../../src/vscode/mapSession';

const DATA = [resolve(__dirname, '../../../shared/data'), '/work/shared/data'].find((d) => existsSync(d));

/** 2,000 cases over 100 activities: a main line of 100 steps with random skips and rework loops. */
function synthetic(): Case[] {
  const rand = mulberry32(7);
  const cases: Case[] = [];
  for (let c = 0; c < 2000; c++) {
    const events: Case['events'] = [];
    let t = Date.UTC(2025, 0, 1) + c * 3_600_000;
    for (let a = 0; a < 100; a++) {
      if (rand() < 0.25) continue;
      if (a > 3 && rand() < 0.05) a -= 3;
      t += Math.floor(rand() * 7_200_000);
      events.push({ activity: `Activity ${String(a).padStart(3, '0')}`, time: t });
      if (events.length > 200) break;
    }
    cases.push({ id: `c${c}`, events });
  }
  return cases;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function bench(name: string, cases: readonly Case[]): void {
  const positions: [number, number][] = [];
  for (let a = 100; a >= 10; a -= 10) positions.push([a / 100, 0.8]);
  for (let p = 100; p >= 0; p -= 10) positions.push([1, p / 100]);
  // Warm-up: the first layout compiles dagre's code paths.
  new MapSession(name, cases).layout();
  // One session dragged through the positions, as the panel sees a drag: the first answer is
  // provisional (old positions) where every node was placed before, the final one laid out.
  const session = new MapSession(name, cases);
  session.layout();
  const first: number[] = [];
  const total: number[] = [];
  let provisional = 0;
  const split = { map: [] as number[], layout: [] as number[], post: [] as number[] };
  let nodes = 0;
  let edges = 0;
  for (const [activities, paths] of positions) {
    const t0 = performance.now();
    session.setAbstraction(activities, paths);
    const quick = session.hasLayout() ? undefined : session.quickLayout();
    if (quick) {
      JSON.stringify({ type: 'layout', seq: 1, map: quick.map, hostMs: 0, provisional: true });
      provisional++;
    }
    const tq = performance.now();
    const { map } = session.layout();
    JSON.stringify({ type: 'layout', seq: 1, map, hostMs: 0 });
    const tf = performance.now();
    first.push(quick ? tq - t0 : tf - t0);
    total.push(tf - t0);
    nodes = Math.max(nodes, map.nodes.length);
    edges = Math.max(edges, map.edges.length);
    // The same move in parts, without the session's caches.
    const t1 = performance.now();
    const raw = processMap(cases, { activities, paths });
    const t2 = performance.now();
    const laid = layoutMap(raw);
    const t3 = performance.now();
    JSON.stringify({ type: 'layout', seq: 1, map: laid, hostMs: 0 });
    const t4 = performance.now();
    split.map.push(t2 - t1);
    split.layout.push(t3 - t2);
    split.post.push(t4 - t3);
  }
  const f = (xs: number[]) => `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.95).toFixed(1)}`;
  console.log(
    `${name.padEnd(20)} ${String(cases.length).padStart(6)} cases, ≤${nodes} nodes ≤${edges} edges | first answer p50/p95 ${f(first)} ms (${provisional}/${positions.length} provisional) | laid out ${f(total)} ms | parts: processMap ${f(split.map)} · layoutMap ${f(split.layout)} · serialise ${f(split.post)} ms`,
  );
}

async function main(): Promise<void> {
  console.log('host side of a slider move (ms; machine load affects all rows alike: compare rows and parts, not runs)');
  bench('loan-sample.csv', (await readLog(resolve('samples/loan-sample.csv'))).cases);
  bench('synthetic 100 acts', synthetic());
  const bpic = DATA && resolve(DATA, 'bpic2012/BPI_Challenge_2012.xes.gz');
  if (bpic && existsSync(bpic)) bench('BPIC 2012 name+lc', (await readLog(bpic, { classifier: 'name+lifecycle' })).cases);
  else console.log('BPIC 2012 skipped: ../shared/data/bpic2012 not found');
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
