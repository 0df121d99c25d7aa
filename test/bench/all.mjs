// `npm run bench`: every benchmark in turn (logs, training engine, accuracy), each in its own
// process so one's memory and threads never colour the next one's figures. Arguments go to
// every bench (e.g. `npm run bench -- helpdesk` to shorten the accuracy table). Exit code is
// non-zero if any bench failed; the others still run.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = join('test', 'bench');
const order = ['logs.bench.ts', 'train.bench.ts', 'accuracy.bench.ts', 'insight.bench.ts'];
const present = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
const benches = [...order.filter((f) => present.includes(f)), ...present.filter((f) => !order.includes(f)).sort()];
let failed = 0;
for (const bench of benches) {
  const file = join(dir, bench);
  if (!existsSync(file)) continue;
  console.log(`\n=== ${bench} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2)], { stdio: 'inherit' });
  console.log(`=== ${bench}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
