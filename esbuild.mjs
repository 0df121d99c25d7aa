// Bundles the entry points. Type checking is separate (`npm run typecheck`),
// so a bundle never waits on tsc. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Node-side bundles: onnxruntime-node is native and `vscode` is provided by the host. */
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode', 'onnxruntime-node'],
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { worker: 'src/worker/trainWorker.ts' }, outdir: 'dist' },
  // Parses XES byte ranges for the parallel reader (src/core/log/xesParallel.ts); found beside the bundle.
  { ...node, entryPoints: { xesWorker: 'src/core/log/xesWorker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    // The dashboard (sidebar) and the Process Map panel: one bundle each, so neither loads the other's code.
    entryPoints: { webview: 'webview/main.ts', processMap: 'webview/map/main.ts' },
    outdir: 'dist',
    logLevel: 'warning',
  },
].filter((b) => Object.values(b.entryPoints).every((p) => existsSync(p)));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
