/** Unit checks behind the hostile suite: XES shared trace names (serial = parallel), the vocabulary cap, the leak guard, eval.json per protocol. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLog } from '../../src/core/log/read';
import { readXesParallel } from '../../src/core/log/xesParallel';
import { CaseBuilder } from '../../src/core/log/cases';
import { capActivities, OTHER_ACTIVITY } from '../../src/core/train/vocabCap';
import { ActivityTokenizer } from '../../src/core/tokenize/activity';
import { dropSeen, seenCases } from '../../src/core/agent/unseenCases';
import { mergeReports } from '../../src/core/agent/evalReports';
import { chronologicalProtocol, taxProtocol } from '../../src/core/eval/protocol';
import type { EvalReport } from '../../src/core/eval/types';
import type { Case } from '../../src/core/log/types';
import { checkAgainstBaselines } from '../../src/core/train/baselineGuard';
import { tracePrefixes } from '../../src/core/data/prefixes';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-hostile-units-');
const ev = (name: string) => `<event><string key="concept:name" value="${name}"/></event>`;

test('XES traces sharing a concept:name stay distinct cases, serially and in parallel, with one warning', async () => {
  const body = Array.from({ length: 12 }, (_, i) => `<trace><string key="concept:name" value="${i % 3 === 0 ? 'solo' + i : 'same'}"/>${ev('a')}${ev(i % 2 ? 'b' : 'c')}</trace>`).join('\n');
  const file = join(dir, 'shared.xes');
  writeFileSync(file, `<?xml version="1.0"?>\n<log>\n${body}\n</log>\n`);
  const serial = await readLog(file, { xesParallel: false });
  assert.equal(serial.cases.length, 12);
  assert.deepEqual(serial.cases.slice(0, 3).map((c) => c.id), ['solo0', 'same', 'same#2']);
  assert.ok(serial.report.warnings.some((w) => /7 traces share a concept:name with an earlier trace \(e\.g\. "same"\)/.test(w)), serial.report.warnings.join('; '));
  const builder = new CaseBuilder();
  const report = await readXesParallel(file, Infinity, {}, builder, { workers: 2, rangeBytes: 64, minBytes: 0, script: join(process.cwd(), 'dist', 'xesWorker.js') });
  assert.ok(report, "the parallel reader gave up (is dist/xesWorker.js built?)");
  const parallel = builder.finish();
  assert.deepEqual(parallel.cases, serial.cases);
});

const mk = (id: string, acts: string[]): Case => ({ id, events: acts.map((activity, i) => ({ activity, time: i })) });

test('the vocabulary cap folds the rarest activities into one, in train and test alike, and is idempotent', () => {
  const train = [mk('1', ['a', 'a', 'b', 'c', 'd']), mk('2', ['a', 'b', 'e'])];
  const test = [mk('3', ['d', 'a', 'z'])];
  const r = capActivities(train, test, 3);
  assert.deepEqual(r, { distinct: 5, folded: 3, foldedEvents: 3 });
  assert.deepEqual(train[0].events.map((e) => e.activity), ['a', 'a', 'b', OTHER_ACTIVITY, OTHER_ACTIVITY]);
  assert.deepEqual(test[0].events.map((e) => e.activity), [OTHER_ACTIVITY, 'a', 'z']);
  assert.equal(capActivities(train, test, 3).folded, 0);
  // A capped tokenizer reads any activity it lacks as OTHER, the way training saw rare ones.
  const tok = new ActivityTokenizer(['a', 'b', OTHER_ACTIVITY]);
  assert.equal(tok.idOfActivity('never-seen'), tok.idOfActivity(OTHER_ACTIVITY));
  assert.notEqual(new ActivityTokenizer(['a']).idOfActivity('x'), new ActivityTokenizer(['a']).idOfActivity('a'));
});

test('eval leaves out every test case the agent trained on (same id and activities), multi-log prefixes included', () => {
  const train = [mk('/logs/a.csv#1', ['x', 'y']), mk('/logs/b.csv#2', ['x', 'z'])];
  const seen = seenCases(train, ['/logs/a.csv', '/logs/b.csv']);
  const test = [mk('1', ['x', 'y']), mk('2', ['x', 'z']), mk('2', ['x', 'y']), mk('3', ['x', 'y'])];
  const r = dropSeen(test, seen);
  assert.equal(r.excluded, 2);
  assert.deepEqual(r.unseen.map((c) => c.id), ['2', '3']);
});

test('eval.json keeps one report per protocol', () => {
  const report = (p: EvalReport['protocol'], acc: number): EvalReport => {
    const s = { accuracy: acc, top3: acc, prefixes: 10 } as unknown as EvalReport['agent'];
    return { protocol: p, agent: s, baselines: { last1: s, ngram: s, prefix: s }, testCases: 1, trainCases: 1 };
  };
  const first = mergeReports(undefined, report(chronologicalProtocol(0.2), 0.8));
  const second = mergeReports(first, report(taxProtocol(), 0.7));
  const third = mergeReports(second, report(chronologicalProtocol(0.2), 0.85));
  assert.equal(third.agent.accuracy, 0.85, 'the newest report is at the top level');
  assert.deepEqual(Object.keys(third.byProtocol!).sort(), [chronologicalProtocol(0.2).description, taxProtocol().description].sort());
  assert.equal(third.byProtocol![taxProtocol().description].agent.accuracy, 0.7);
  assert.equal((third.byProtocol![taxProtocol().description] as { byProtocol?: unknown }).byProtocol, undefined);
});

test('the baseline check finds a baseline significantly ahead of a weak agent on validation, and not of a perfect one', () => {
  const fit = Array.from({ length: 40 }, () => ['a', 'b', 'c', 'd']);
  const validation = Array.from({ length: 20 }, () => ['a', 'b', 'c', 'd']);
  const rule = { minPrefix: 1, eosTarget: true };
  const n = [...tracePrefixes(validation, rule)].length;
  const weak = { accuracy: 0.2, loss: NaN, prefixes: n, hits: Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0)) };
  const c = checkAgainstBaselines(fit, validation, rule, weak, 1.64)!;
  assert.equal(c.baselineAccuracy, 1);
  assert.ok(c.ahead && c.z > 1.64, JSON.stringify(c));
  const perfect = { ...weak, accuracy: 1, hits: new Uint8Array(n).fill(1) };
  assert.equal(checkAgainstBaselines(fit, validation, rule, perfect, 1.64)!.ahead, false);
});
