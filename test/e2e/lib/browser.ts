/** Debian's chromium driven by playwright-core. `npx playwright install` would download, which fails offline. */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumPath } from './paths';

/** Flags that keep Chromium off the network and quiet on a headless CI machine. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Playwright gives every launch a fresh temporary profile (its `--user-data-dir`) and deletes it on close. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: FLAGS, timeout: 60_000 });
}

export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
}
