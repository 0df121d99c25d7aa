/** A throwaway workspace folder as a new user would have it: one event log and a few spec files. */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { e2eRoot, sampleLog } from './paths';

export interface Workspace {
  dir: string;
  /** Absolute path of the event log inside the workspace. */
  log: string;
  dispose(): void;
}

/** Copies the sample log and the spec fixtures (fixtures/workspace/*) into a temp folder. */
export function makeWorkspace(name: string): Workspace {
  // Outside any git repository, so VS Code's git extension stays quiet.
  const dir = mkdtempSync(path.join(os.tmpdir(), `pa-ws-${name}-`));
  const fixtures = path.join(e2eRoot, 'fixtures/workspace');
  for (const f of readdirSync(fixtures)) {
    cpSync(path.join(fixtures, f), path.join(dir, f));
  }
  const log = path.join(dir, path.basename(sampleLog));
  cpSync(sampleLog, log);
  return { dir, log, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
