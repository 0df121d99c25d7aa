/**
 * SessionCache's warm runs: a session compiled with warmRuns is run on zeros of every input's
 * shape and dtype before it is handed out (float32, int32 and int64 here), it then answers real
 * feeds as an unwarmed one does, and a second get returns the same session without compiling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../src/core/onnx/builder';
import { SessionCache } from '../../src/core/model/sessions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';

function graph() {
  const b = new GraphBuilder('warm');
  const x = b.input('x', 'float32', [2, 3]);
  const i = b.input('i', 'int32', [2]);
  const j = b.input('j', 'int64', [2]);
  const rows = b.emit('Gather', [x, i], [{ dtype: 'float32', shape: [2, 3] }], {})[0];
  const cast = b.emit('Cast', [j], [{ dtype: 'float32', shape: [2] }], { to: { kind: 'int', v: 1 } })[0];
  b.output(rows, 'rows');
  b.output(cast, 'j_float');
  return b.build();
}

test('a warmed session runs on zeros of its inputs first and then answers real feeds', async () => {
  const dir = tempDir('pa-sessions-');
  const warmed = new SessionCache('cpu', 1, 'inference', undefined, join(dir, 'warm'));
  const cold = new SessionCache('cpu', 1, 'inference');
  let builds = 0;
  const build = () => (builds++, graph());
  const a = await warmed.get('g', build, 2);
  const b = await cold.get('g', graph);
  const feeds = { x: { data: Float32Array.from([1, 2, 3, 4, 5, 6]), dims: [2, 3] }, i: { data: Int32Array.from([1, 0]), dims: [2] }, j: { data: BigInt64Array.from([10n, 20n]), dims: [2] } };
  const out = await a.run(feeds);
  assert.deepEqual(Array.from(out.rows.data as Float32Array), [4, 5, 6, 1, 2, 3]);
  assert.deepEqual(Array.from(out.j_float.data as Float32Array), [10, 20]);
  const plain = await b.run(feeds);
  assert.deepEqual(Array.from(plain.rows.data as Float32Array), Array.from(out.rows.data as Float32Array));
  assert.equal(await warmed.get('g', build, 2), a, 'the same session, compiled once');
  assert.equal(builds, 1);
  // onnxruntime's own profile counts the runs: the two warm runs, then the real one.
  const [profile] = await warmed.endProfiling();
  const runs = (JSON.parse(readFileSync(profile, 'utf8')) as { name: string }[]).filter((e) => e.name === 'model_run');
  assert.equal(runs.length, 3);
  await warmed.dispose();
  await cold.dispose();
});
