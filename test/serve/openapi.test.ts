import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROUTES } from '../../src/core/serve/routes';

const doc = JSON.parse(readFileSync('src/core/serve/openapi.json', 'utf8')) as { openapi: string; paths: Record<string, Record<string, { security?: unknown[] }>> };

test('the OpenAPI document lists every route the service answers, and no other', () => {
  assert.match(doc.openapi, /^3\./);
  const routed = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
  const documented = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  assert.deepEqual(documented, routed);
});

test('the document says which routes need the token, as the route table does', () => {
  for (const r of ROUTES) {
    const op = doc.paths[r.path][r.method.toLowerCase()];
    const needs = (op.security ?? []).length > 0;
    assert.equal(needs, r.auth, `${r.method} ${r.path}`);
  }
});

test('every $ref in the document resolves', () => {
  const text = readFileSync('src/core/serve/openapi.json', 'utf8');
  const full = JSON.parse(text) as Record<string, unknown>;
  for (const [, ref] of text.matchAll(/"\$ref":\s*"#\/([^"]+)"/g)) {
    let node: unknown = full;
    for (const part of ref.split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
    assert.ok(node !== undefined, `#/${ref} does not resolve`);
  }
});
