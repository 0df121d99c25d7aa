// Runs the end-to-end suite (test/e2e/*.e2e.ts) on node's test runner, one file at a time:
// each file starts its own code-server and browser, and two at once would not fit 2 CPU cores.
// Expects `npm run package` and `bash scripts/e2e-install.sh` to have run (npm run test:e2e does both).
import { readdirSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const filters = process.argv.slice(2);
const files = readdirSync('test/e2e')
  .filter((f) => f.endsWith('.e2e.ts'))
  .sort()
  .map((f) => `test/e2e/${f}`)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no e2e files matched');
  process.exit(1);
}
// The in-host mocha tests run inside VS Code's extension host, which loads plain CommonJS.
const hostTests = readdirSync('test/e2e/host').filter((f) => f.endsWith('.ts')).map((f) => `test/e2e/host/${f}`);
rmSync('out/e2e-host', { recursive: true, force: true });
await esbuild.build({
  entryPoints: hostTests,
  outdir: 'out/e2e-host',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha', 'mocha/*'],
  logLevel: 'warning',
});

rmSync('test-results/e2e', { recursive: true, force: true });
mkdirSync('test-results/e2e', { recursive: true });
const start = Date.now();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
console.log(`e2e wall time: ${((Date.now() - start) / 1000).toFixed(1)} s; screenshots and logs in test-results/e2e/`);
process.exit(r.status ?? 1);
