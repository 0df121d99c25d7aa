import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CORE_LAYERS } from '../src/core/layers';

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


// src/core folders form layers (src/core/layers.ts, lowest first): imports go down the order or
// stay in the folder, so the folders can never form a cycle. Both are checked, with messages
// that name the file and the import.
const CORE = resolve('src/core');

/** Relative import specifiers of a file: `from '…'`, `import '…'`, `import('…')`, `require('…')`. */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g)].map((m) => m[1]);
}

function resolveImport(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return c;
  return base;
}

/** The layer of a file under src/core: its top folder, or '.' for the root files. */
function layerOf(file: string): string {
  const parts = relative(CORE, file).split(sep);
  return parts.length === 1 ? '.' : parts[0];
}

interface Edge { file: string; spec: string; from: string; to: string }

function coreEdges(files: readonly string[] = tsFiles(CORE)): { edges: Edge[]; outside: string[] } {
  const edges: Edge[] = [];
  const outside: string[] = [];
  for (const file of files) {
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const target = resolveImport(file, spec);
      const rel = relative(CORE, target);
      if (rel.startsWith('..')) {
        // Only data outside src/ (models/*.json); never src/protocol.ts, src/vscode, src/cli…
        if (!relative(resolve('src'), target).startsWith('..')) outside.push(`${relative('.', file)} imports ${spec}`);
        continue;
      }
      edges.push({ file: relative('.', file), spec, from: layerOf(file), to: layerOf(target) });
    }
  }
  return { edges, outside };
}

/** One folder cycle, as `a → b → … → a`, or undefined. */
function folderCycle(edges: readonly Edge[]): string | undefined {
  const next = new Map<string, Set<string>>();
  for (const e of edges) if (e.from !== e.to) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n].join(' → ');
    state.set(n, 'open');
    path.push(n);
    for (const m of next.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    path.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of next.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

const { edges, outside } = coreEdges();

test('every src/core folder is a declared layer', () => {
  const folders = readdirSync(CORE).filter((n) => statSync(join(CORE, n)).isDirectory());
  const undeclared = folders.filter((f) => !CORE_LAYERS.includes(f));
  assert.deepEqual(undeclared, [], `declare these folders in src/core/layers.ts (and README's architecture section)`);
});

test('src/core imports nothing from src/ outside the core', () => {
  assert.deepEqual(outside, []);
});

test('src/core imports go down the layer order (src/core/layers.ts), never up', () => {
  const rank = (l: string) => CORE_LAYERS.indexOf(l);
  const up = edges
    .filter((e) => rank(e.to) > rank(e.from))
    .map((e) => `${e.file} imports ${e.spec}: layer ${e.from} may not import ${e.to}, which is above it in ${CORE_LAYERS.join(' → ')}`);
  assert.deepEqual(up, []);
});

test('src/core folders form no import cycle', () => {
  assert.equal(folderCycle(edges), undefined);
});

test("README's architecture section states the same layer order", () => {
  const readme = readFileSync('README.md', 'utf8');
  const order = CORE_LAYERS.filter((l) => l !== '.').join(' → ');
  assert.ok(readme.includes(order), `README.md should contain the layer order "${order}"`);
});
