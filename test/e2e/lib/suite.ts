/** Glue shared by the suite's files: one server + browser + workbench per file, stopped even on failure. */
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext } from './browser';
import { CodeServer, type CodeServerOptions } from './codeServer';
import { assertToolsInstalled, vsixPath } from './paths';
import { Workbench } from './workbench';
import { makeWorkspace, type Workspace } from './workspace';
import { existsSync } from 'node:fs';

export interface Session {
  server: CodeServer;
  browser: Browser;
  wb: Workbench;
  ws: Workspace;
}

/** Installs the packaged VSIX into a fresh server, opens a fresh workspace in a fresh browser. */
export async function openSession(name: string, opts: Partial<CodeServerOptions> = {}): Promise<Session> {
  assertToolsInstalled();
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing; run npm run package first`);
  const ws = makeWorkspace(name);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await CodeServer.start({ name, vsix: vsixPath, ...opts });
    browser = await launchBrowser();
    const page = await (await newContext(browser)).newPage();
    const wb = await Workbench.open(page, server.folderUrl(ws.dir));
    return { server, browser, wb, ws };
  } catch (e) {
    await browser?.close();
    await server?.stop();
    ws.dispose();
    throw e;
  }
}

export async function closeSession(s: Partial<Session> | undefined): Promise<void> {
  await s?.browser?.close().catch(() => undefined);
  await s?.server?.stop();
  s?.ws?.dispose();
}

/** Runs a step; on failure saves a screenshot named after it before rethrowing. */
export async function withFailureShot<T>(wb: Workbench | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await wb?.screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    throw e;
  }
}
