/**
 * Time-head experiments on one log under PGTNet's protocol (not a test, not a bench of record):
 * trains (or reuses) an agent once, then refits the time heads / time trunk with several seeds
 * and prints validation and test remaining-time MAE for each member and for the log-space
 * average of their p50s, and a greedy ensemble chosen on validation.
 *   node --import tsx scripts/time-experiment.ts LOG [nl (name+lifecycle) | x] [seeds]
 * Knobs (env): LRS=1e-3,3e-3 (trunk rates tried per seed), PATIENCE, MAX_UPDATES, HEAD_LR,
 * HEAD2_LR (head rate in the joint step), HIDDEN, NO_TRUNK, SOUP (one frozen head, weight-averaged
 * trunks), INSAMPLE=N (validate on the latest N fit cases: does training lower its own error?),
 * WEIGHTING=prefix|batch (the joint step's position weights).
 * The agent is cached in $TMPDIR/h14acc/agent-<log>; member predictions go to members-<log>-$TAG.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainAgent } from '../src/core/agent/trainer';
import { loadAgent } from '../src/core/agent/loadAgent';
import { trainConfig } from '../src/core/train/defaults';
import { pgtnetProtocol } from '../src/core/eval/protocol';
import { holdOutLatest, loadSplit } from '../src/core/train/logInput';
import { fitTimeHead, timedPrefixes } from '../src/core/agent/fitTimeHead';
import { fitTimeTrunk } from '../src/core/agent/fitTimeTrunk';
import { TimeModel, TimeRunner, decodePhi, encodePhi, type TimeHeadJSON } from '../src/core/agent/timeModel';
import type { EngineModel } from '../src/core/train/engineModel';
import { capActivities } from '../src/core/train/vocabCap';

const [log, classifier, seedsArg] = process.argv.slice(2);
const data = [process.env.PA_SHARED_DATA, resolve(__dirname, '../../shared/data'), '/work/shared/data'].find((d): d is string => !!d && existsSync(d)) ?? resolve(__dirname, '../../shared/data');
const outDir = join(tmpdir(), 'h14acc');
mkdirSync(outDir, { recursive: true });
const read = classifier === 'nl' ? { classifier: 'name+lifecycle' as const } : undefined;
const protocol = pgtnetProtocol();
const agentDir = `${outDir}/agent-${log.replace(/[^a-z0-9]/gi, '_')}`;
const seeds = Number(seedsArg ?? 3);
const env = (k: string) => (process.env[k] ? Number(process.env[k]) : undefined);

async function main(): Promise<void> {
  const config = trainConfig({});
  if (!existsSync(`${agentDir}/agent.ckpt`)) {
    const out = await trainAgent({ logs: [resolve(data, log)], agentDir, config, fineTune: false, read, protocol, save: true }, { onEvent: (e) => e.type === 'log' && console.error(e.message) });
    console.log(`trained: next-activity accuracy ${out.report?.agent.accuracy}, remaining-time MAE ${out.report?.remainingTime?.maeDays} d (TS ${out.report?.remainingTime?.baselines.transitionSystem.maeDays})`);
  }
  const split = await loadSplit([resolve(data, log)], protocol, read);
  capActivities(split.train, split.test, config.maxActivities ?? 1000);
  const held = holdOutLatest(split.train, config.validationFraction, 'time');
  const fit = held.fit;
  // INSAMPLE: "validation" is the latest fit cases (a check that training lowers the training error).
  const validation = process.env.INSAMPLE ? fit.slice(-Number(process.env.INSAMPLE)) : held.validation;
  const agent = await loadAgent(agentDir);
  const trunk = agent.model as EngineModel;
  const val = timedPrefixes(validation, agent.features, 2);
  const test = timedPrefixes(split.test, agent.features, 2);
  const say = (m: string) => console.error(m);
  const members: { name: string; val: number[]; test: number[] }[] = [];
  const p50 = async (json: TimeHeadJSON, qs: typeof val) => {
    const t = json.trunk ? { cfg: trunk.cfg, params: decodePhi(json.trunk) } : trunk;
    const m = new TimeModel(json, new TimeRunner(t, agent.tokenizer));
    const r = (await m.predict(qs.queries)).map((p) => p.remaining[1]);
    await m.dispose();
    return r;
  };
  const mae = (pred: number[], qs: typeof val) => pred.reduce((a, p, i) => a + Math.abs(p - qs.truthMs[i][1]), 0) / pred.length / 86_400_000;
  const report = (name: string, v: number[], t: number[]) => console.log(`${name}: val ${mae(v, val).toFixed(3)} test ${mae(t, test).toFixed(3)}`);
  let shared: TimeHeadJSON | undefined;
  const soup: TimeHeadJSON[] = [];
  for (let s = 1; s <= seeds; s++) {
    const opts = { seed: s, log: say };
    const head = process.env.SOUP && shared ? shared : await fitTimeHead(trunk, agent.tokenizer, agent.features, fit, validation, { ...opts, learningRate: env('HEAD_LR'), hidden: env('HIDDEN') });
    if (!head) throw new Error('no head');
    shared = head;
    const hv = await p50(head, val);
    const ht = await p50(head, test);
    report(`seed ${s} frozen`, hv, ht);
    members.push({ name: `frozen${s}`, val: hv, test: ht });
    if (process.env.NO_TRUNK) continue;
    let json = head;
    for (const lr of (process.env.LRS ?? '1e-3').split(',').map(Number)) {
      json = await fitTimeTrunk(trunk, agent.tokenizer, agent.features, fit, validation, head, { ...opts, learningRate: lr, headLearningRate: env('HEAD2_LR'), maxUpdates: env('MAX_UPDATES'), patience: env('PATIENCE'), weighting: process.env.WEIGHTING as 'prefix' | 'batch' | undefined });
      const tv = await p50(json, val);
      const tt = await p50(json, test);
      report(`seed ${s} trunk lr ${lr} (epochs ${json.fit?.trunkEpochs ?? 0})`, tv, tt);
      members.push({ name: `trunk${s}@${lr}`, val: tv, test: tt });
    }
    soup.push(json);
  }
  if (process.env.SOUP && soup.every((j) => j.trunk)) {
    const mean = (key: 'trunk' | 'phi') => {
      const all = soup.map((j) => decodePhi(j[key]!));
      const out = new Float32Array(all[0].length);
      for (const a of all) for (let i = 0; i < a.length; i++) out[i] += a[i] / all.length;
      return encodePhi(out);
    };
    const souped = { ...soup[0], trunk: mean('trunk'), phi: mean('phi') };
    report('weight soup', await p50(souped, val), await p50(souped, test));
  }
  const avg = (list: typeof members, key: 'val' | 'test') => list[0][key].map((_, i) => Math.expm1(list.reduce((a, m) => a + Math.log1p(m[key][i] / 3.6e6), 0) / list.length) * 3.6e6);
  const groups: [string, typeof members][] = [
    ['ensemble frozen', members.filter((m) => m.name.startsWith('frozen'))],
    ['ensemble trunk', members.filter((m) => m.name.startsWith('trunk'))],
    ['ensemble all', members],
  ];
  for (const [name, list] of groups) if (list.length > 1) report(name, avg(list, 'val'), avg(list, 'test'));
  writeFileSync(`${outDir}/members-${log.replace(/[^a-z0-9]/gi, '_')}-${process.env.TAG ?? 'x'}.json`, JSON.stringify({ truthVal: val.truthMs.map((t) => t[1]), truthTest: test.truthMs.map((t) => t[1]), members }));
  // Greedy forward selection with replacement on validation (Caruana et al. 2004), up to 5 picks.
  const trunks = members.filter((m) => m.name.startsWith('trunk'));
  const picked: typeof members = [];
  let bestVal = Infinity;
  for (let r = 0; r < 5 && trunks.length > 0; r++) {
    const scored = trunks.map((m) => ({ m, v: mae(avg([...picked, m], 'val'), val) })).sort((a, b) => a.v - b.v);
    if (scored[0].v >= bestVal) break;
    bestVal = scored[0].v;
    picked.push(scored[0].m);
  }
  if (picked.length > 0) report(`greedy [${picked.map((m) => m.name).join(' ')}]`, avg(picked, 'val'), avg(picked, 'test'));
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
