import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// src/core must run in plain Node: no `vscode` import anywhere beneath it.
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('src/core never imports vscode', () => {
  const offenders = tsFiles('src/core').filter((f) =>
    /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')),
  );
  assert.deepEqual(offenders, []);
});

test('only src/core/runtime.ts imports onnxruntime-node', () => {
  const offenders = tsFiles('src').filter(
    (f) => !f.endsWith(join('core', 'runtime.ts')) && /['"]onnxruntime-node['"]/.test(readFileSync(f, 'utf8')),
  );
  assert.deepEqual(offenders, []);
});
