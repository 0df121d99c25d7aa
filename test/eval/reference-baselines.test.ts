/**
 * The baselines against the figures in ../shared/data/README.md, measured there on the same
 * protocols. Matching them within 0.005 checks the whole chain at once: reading, splitting,
 * prefix selection, fitting on training cases only, back-off and tie-breaking, micro-averaging.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLog } from '../../src/core/log/read';
import { splitCases } from '../../src/core/data/split';
import { scoreBaselines } from '../../src/core/eval/baselines';
import { traces } from '../../src/core/log/cases';
import { chronologicalProtocol, ramaProtocol, taxProtocol } from '../../src/core/eval/protocol';
import type { EvalProtocol } from '../../src/core/eval/types';
import type { ReadOptions } from '../../src/core/log/types';

const data = resolve(__dirname, '../../../shared/data');
const missing = existsSync(data) ? false : `shared logs not found at ${data}`;
const TOLERANCE = 0.005;

interface Reference {
  log: string;
  protocol: EvalProtocol;
  testLog?: string;
  read?: ReadOptions;
  expected: { last1: number; ngram: number; prefix: number };
}

const rama = (dir: string, name: string): Pick<Reference, 'log' | 'testLog' | 'protocol'> => ({
  log: `${dir}/rama_split_64_16_20/train_val_${name}`,
  testLog: `${dir}/rama_split_64_16_20/test_${name}`,
  protocol: ramaProtocol(`train_val_${name}`, `test_${name}`),
});

const references: Reference[] = [
  { log: 'helpdesk/helpdesk_tax.csv', protocol: taxProtocol(), expected: { last1: 0.727, ngram: 0.724, prefix: 0.725 } },
  { log: 'bpic2012_w/bpi_12_w_tax.csv', protocol: taxProtocol(), expected: { last1: 0.787, ngram: 0.787, prefix: 0.782 } },
  { ...rama('helpdesk', 'Helpdesk.xes.gz'), expected: { last1: 0.63, ngram: 0.629, prefix: 0.63 } },
  { ...rama('bpic2012_w', 'BPI_Challenge_2012_W_Complete.xes.gz'), expected: { last1: 0.77, ngram: 0.771, prefix: 0.765 } },
  {
    log: 'bpic2012/BPI_Challenge_2012.xes.gz',
    read: { classifier: 'name+lifecycle' },
    protocol: chronologicalProtocol(0.2),
    expected: { last1: 0.701, ngram: 0.843, prefix: 0.84 },
  },
  { log: 'receipt/08_receipt.xes.gz', protocol: chronologicalProtocol(0.2), expected: { last1: 0.88, ngram: 0.913, prefix: 0.914 } },
];

for (const ref of references) {
  test(`${ref.log}, ${ref.protocol.description}: baselines match the README`, { skip: missing }, async () => {
    const { cases } = await readLog(resolve(data, ref.log), ref.read);
    const testCases = ref.testLog ? (await readLog(resolve(data, ref.testLog), ref.read)).cases : undefined;
    const split = splitCases(cases, ref.protocol.split, testCases);
    const scores = await scoreBaselines(traces(split.train), traces(split.test), ref.protocol);
    for (const name of ['last1', 'ngram', 'prefix'] as const) {
      const got = scores[name].accuracy;
      assert.ok(Math.abs(got - ref.expected[name]) <= TOLERANCE, `${name}: measured ${got.toFixed(4)}, README ${ref.expected[name]}`);
    }
  });
}
