/**
 * Entry point VS Code's extension host loads as `extensionTestsPath` (bundled to out/e2e-host/index.js).
 * It runs every sibling `*.test.js` under mocha and resolves or rejects; the web client then hands
 * the exit code to `window.codeAutomationExit`. Results go to the file named by E2E_HOST_RESULTS,
 * one line per test, because the extension host swallows console output.
 */
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type MochaTypes from 'mocha';

// mocha 12 is an ES module package; its CommonJS build is required directly (it is not bundled:
// mocha loads reporters and interfaces by name at run time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaTypes;

const resultsFile = process.env.E2E_HOST_RESULTS;

function record(line: string): void {
  if (resultsFile) appendFileSync(resultsFile, `${line}\n`);
}

/** One JSON line per finished test, and a closing summary line. */
class FileReporter extends Mocha.reporters.Base {
  constructor(runner: MochaTypes.Runner, options?: MochaTypes.MochaOptions) {
    super(runner, options);
    runner.on('pass', (t) => record(JSON.stringify({ title: t.fullTitle(), state: 'passed', ms: t.duration })));
    runner.on('fail', (t, err: Error) =>
      record(JSON.stringify({ title: t.fullTitle(), state: 'failed', error: `${err.message}\n${err.stack ?? ''}` })),
    );
    runner.on('pending', (t) => record(JSON.stringify({ title: t.fullTitle(), state: 'pending' })));
    runner.once('end', () => record(JSON.stringify({ summary: true, passes: this.stats.passes, failures: this.stats.failures })));
  }
}

export function run(): Promise<void> {
  if (resultsFile) writeFileSync(resultsFile, '');
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false, reporter: FileReporter });
  for (const f of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-host test(s) failed`)) : resolve()));
    } catch (e) {
      record(JSON.stringify({ title: 'loading the in-host tests', state: 'failed', error: String(e) }));
      reject(e);
    }
  });
}
