import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trustOf } from '../../src/vscode/dashboardTrust';
import type { EvalReport, Scores } from '../../src/core/eval/types';

const scores = (accuracy: number): Scores => ({ accuracy, top3: accuracy, prefixes: 10, byPrefixLength: [], perActivity: [] });
const protocol = (description: string) => ({ split: { kind: 'chronological' as const, testFraction: 0.2 }, minPrefix: 1, eosTarget: true, description }) as unknown as EvalReport['protocol'];

test('the dashboard trust lines carry what is served, the baseline check, left-out cases and every protocol', () => {
  const served = { kind: 'baseline' as const, name: 'last1', reason: 'it beat the agent', z: 2.3, validation: { served: 0.62, agent: 0.6, prefixes: 100 } };
  const tax: EvalReport = { protocol: protocol('tax'), agent: scores(0.7), agentAlone: scores(0.65), served, baselines: { last1: scores(0.7), ngram: scores(0.6), prefix: scores(0.6) }, testCases: 5, trainCases: 10, excludedSeen: 140 };
  const def: EvalReport = { ...tax, protocol: protocol('default'), excludedSeen: undefined };
  const file = { ...tax, byProtocol: { default: def, tax } };
  const check = { strongest: 'last1' as const, baselineAccuracy: 0.62, agentAccuracy: 0.6, z: 2.3, ahead: true, served: 'baseline' as const };
  const t = trustOf(file, check)!;
  assert.equal(t.served?.name, 'last1');
  assert.equal(t.baselineCheck?.z, 2.3);
  assert.equal(t.excludedSeen, 140);
  assert.deepEqual(t.byProtocol, [
    { protocol: 'default', accuracy: 0.7, agentAlone: 0.65, served: 'last1' },
    { protocol: 'tax', accuracy: 0.7, agentAlone: 0.65, served: 'last1', excludedSeen: 140 },
  ]);
  assert.equal(t.activitiesOnly, undefined, 'an agent without input features says nothing of them');
  assert.deepEqual(trustOf({ ...def, activitiesOnly: scores(0.56) }, undefined)!.activitiesOnly, { accuracy: 0.56, withFeatures: 0.7 });
  assert.equal(trustOf(undefined, undefined), undefined);
  assert.deepEqual(trustOf(def, undefined)!.byProtocol.map((p) => p.protocol), ['default'], 'a report from before byProtocol is its own one protocol');
});
