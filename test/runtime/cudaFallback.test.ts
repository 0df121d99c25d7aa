/** The CUDA fallback when onnxruntime-node was installed without its CUDA provider library. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GraphBuilder } from '../../src/core/onnx/builder';
import { raw } from '../../src/core/onnx/ops';
import { serializeModel } from '../../src/core/onnx/serialize';
import { CUDA_NOT_INSTALLED, createSession, cudaMissingReason, cudaProviderLibrary } from '../../src/core/runtime';

test('the CUDA provider library is looked for beside the native binding', () => {
  const lib = cudaProviderLibrary();
  assert.ok(existsSync(join(dirname(lib), 'onnxruntime_binding.node')), `no binding next to ${lib}`);
  assert.match(lib, /onnxruntime_providers_cuda\.(so|dll)$/);
});

test('a missing provider library gives a reason that says what to do', () => {
  assert.equal(cudaMissingReason('/nonexistent/libonnxruntime_providers_cuda.so'), 'CUDA provider library not installed; see README to enable CUDA');
  assert.equal(cudaMissingReason(join(dirname(cudaProviderLibrary()), 'onnxruntime_binding.node')), undefined);
});

test("device 'auto' without the library goes straight to the CPU with that reason, logged once", async (t) => {
  if (!cudaMissingReason()) return t.skip('the CUDA provider library is installed here');
  const b = new GraphBuilder('neg');
  b.output(raw(b, 'Neg', [b.input('x', 'float32', [2])]), 'y');
  const model = serializeModel(b.build());
  const logged: string[] = [];
  const first = await createSession(model, { device: 'auto', threads: 1, purpose: 'inference', log: (m) => logged.push(m) });
  const second = await createSession(model, { device: 'cuda', threads: 1, purpose: 'inference', log: (m) => logged.push(m) });
  try {
    for (const s of [first, second]) {
      assert.equal(s.device, 'cpu');
      assert.equal(s.fallbackReason, CUDA_NOT_INSTALLED);
    }
    assert.deepEqual(logged, [`${CUDA_NOT_INSTALLED}; using the CPU`]);
    const out = await first.run({ x: { data: Float32Array.of(1, -2), dims: [2] } });
    assert.deepEqual(Array.from(out.y.data as Float32Array), [-1, 2]);
  } finally {
    await first.dispose();
    await second.dispose();
  }
});
