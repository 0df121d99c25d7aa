/** The exported standalone .onnx runs on plain onnxruntime and agrees with the engine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOnnx } from '../../src/core/model/export';
import { InferenceEngine } from '../../src/core/model/engine';
import { initParams } from '../../src/core/model/params';
import { createSession } from '../../src/core/runtime';
import { microConfig } from './helpers';

test('exported model: weights embedded, same log-probs as InferenceEngine', async () => {
  const cfg = microConfig({ tiedHead: false });
  const theta = initParams(cfg, 11);
  const dir = mkdtempSync(join(tmpdir(), 'pa-export-'));
  const file = join(dir, 'model.onnx');
  try {
    exportOnnx(cfg, theta, file, { batch: 2 });
    const session = await createSession(readFileSync(file), { device: 'cpu', threads: 1, purpose: 'inference' });
    assert.deepEqual([...session.inputNames].sort(), ['positions', 'tokens']);
    const tokens = Int32Array.from([1, 2, 3, 0, 0, 4, 4, 6, 5, 1]);
    const positions = Int32Array.from([2, 4]);
    const out = await session.run({ tokens: { data: tokens, dims: [2, 5] }, positions: { data: positions, dims: [2] } });
    assert.deepEqual(out.log_probs.dims, [2, cfg.vocabSize]);
    const engine = InferenceEngine.create(cfg, theta, { device: 'cpu', threads: 1 });
    const ref = await engine.logProbs(tokens, 2, 5, positions);
    await engine.dispose();
    const got = out.log_probs.data as Float32Array;
    ref.forEach((x, i) => assert.ok(Math.abs(x - got[i]) < 1e-5, `${i}: ${got[i]} vs ${x}`));
    await session.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
