/**
 * Regenerates samples/ from the seeded loan simulator: `npx tsx scripts/make-samples.ts`.
 * The output is byte-for-byte reproducible (test/sim checks the committed files against it).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderSamples } from '../src/core/sim/samples';

const dir = resolve(__dirname, '..', 'samples');
for (const [name, text] of Object.entries(renderSamples())) {
  writeFileSync(join(dir, name), text);
  console.log(`wrote samples/${name} (${Buffer.byteLength(text)} bytes)`);
}
