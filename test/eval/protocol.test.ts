import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chronologicalProtocol, defaultProtocol, protocolByName, ramaProtocol, taxProtocol } from '../../src/core/eval/protocol';

test('Tax: file order 2/3, k ≥ 2, EOS not a target', () => {
  const p = taxProtocol();
  assert.deepEqual(p.split, { kind: 'file-order', testFraction: 1 / 3 });
  assert.equal(p.minPrefix, 2);
  assert.equal(p.eosTarget, false);
  assert.equal(p.description, 'file order 2/3 train, k ≥ 2, EOS not a target');
});

test('Rama: separate files, k ≥ 1, no EOS; the description names the files', () => {
  const p = ramaProtocol('/data/train_val_Helpdesk.xes.gz', 'C:\\data\\test_Helpdesk.xes.gz');
  assert.equal(p.minPrefix, 1);
  assert.equal(p.eosTarget, false);
  assert.equal(p.description, 'train file train_val_Helpdesk.xes.gz → test file test_Helpdesk.xes.gz, k ≥ 1, EOS not a target');
  assert.throws(() => protocolByName('rama'), /needs a train file and a test file/);
});

test('chronological and default protocols say what they do with straddling cases and EOS', () => {
  assert.equal(chronologicalProtocol(0.2).description, 'chronological 80/20 by case start (straddling train cases kept), k ≥ 1, EOS not a target');
  const d = defaultProtocol();
  assert.deepEqual(d.split, { kind: 'chronological', testFraction: 0.2, dropStraddling: false });
  assert.equal(d.eosTarget, true);
  assert.equal(d.minPrefix, 1);
  assert.match(d.description, /EOS a target/);
  assert.deepEqual(protocolByName('default'), d);
});
