/** `eval`'s table: the activities-only row for an agent that reads features, and columns that line up under their headers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport } from '../../src/cli/reportTable';
import type { EvalReport, Scores } from '../../src/core/eval/types';

const scores = (accuracy: number): Scores => ({ accuracy, top3: accuracy + 0.1, prefixes: 100, byPrefixLength: [], perActivity: [] });

test('the report table names the activities-only row and aligns every value under its header', () => {
  const report = { protocol: { description: 'pgtnet' }, agent: scores(0.644), agentAlone: scores(0.644), activitiesOnly: scores(0.565), baselines: { last1: scores(0.55), ngram: scores(0.5), prefix: scores(0.52) }, testCases: 10, trainCases: 40 } as unknown as EvalReport;
  const lines = formatReport(report).split('\n');
  const header = lines.find((l) => l.includes('accuracy'))!;
  const row = lines.find((l) => l.includes('activities only'))!;
  assert.ok(row.includes('56.5%') && row.includes('66.5%'), row);
  // Each value ends in the column where its header ends.
  assert.equal(row.indexOf('56.5%') + '56.5%'.length, header.indexOf('accuracy') + 'accuracy'.length);
  assert.equal(row.indexOf('66.5%') + '66.5%'.length, header.indexOf('top-3') + 'top-3'.length);
  const plain = formatReport({ ...report, activitiesOnly: undefined });
  assert.ok(!plain.includes('activities only'), 'no row for an agent without features');
});
