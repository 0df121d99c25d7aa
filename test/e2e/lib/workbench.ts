/**
 * Helpers that drive the VS Code workbench the way a person does: palette, notifications,
 * activity bar, editors, webviews, ghost text. Selectors are the ones that proved stable in 1.139.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import * as path from 'node:path';
import { mkdirSync } from 'node:fs';
import { resultsDir } from './paths';

export class Workbench {
  /** Uncaught errors and console errors of the page (workbench side). */
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }

  /** Opens the workbench URL and waits until the window and its extension host are up. */
  static async open(page: Page, url: string): Promise<Workbench> {
    const wb = new Workbench(page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    return wb;
  }

  /** F1, type the command's full label, move to the exact row (fuzzy matches may come first), Enter. */
  async runCommand(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    for (let attempt = 0; ; attempt++) {
      await this.blurWebviews();
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      const row = this.quickPickRow(label);
      try {
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(`>${label}`);
        await row.waitFor({ state: 'visible', timeout: 15_000 });
      } catch (e) {
        // A command contributed by an extension appears only after the extension host registered it.
        if (attempt < 2) continue;
        throw new Error(`command "${label}" not in the palette: ${String(e)}`);
      }
      await row.hover();
      await row.click();
      await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      return;
    }
  }

  /**
   * Keys typed while a webview (an iframe) has focus go to the webview first; the workbench's
   * own shortcuts (F1, Ctrl+P) are then not reliable. Moving focus back to the workbench page fixes that.
   */
  async blurWebviews(): Promise<void> {
    await this.page.evaluate(() => {
      const active = document.activeElement;
      if (active instanceof HTMLIFrameElement) active.blur();
    });
  }

  /** A quick pick row whose label is exactly `label`. */
  quickPickRow(label: string): Locator {
    return this.page.locator(`.quick-input-widget .monaco-list-row[aria-label="${cssString(label)}"], .quick-input-widget .monaco-list-row[aria-label^="${cssString(label)},"]`).first();
  }

  /** Every visible notification toast's message text. */
  async toastMessages(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** Waits for a toast whose message matches `re` and returns its text. */
  async waitForToast(re: RegExp, timeoutMs: number): Promise<string> {
    const loc = this.page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: re }).first();
    await loc.waitFor({ state: 'visible', timeout: timeoutMs });
    return loc.innerText();
  }

  /** Messages of toasts that carry the error icon. */
  async errorToasts(): Promise<string[]> {
    return this.page
      .locator('.notifications-toasts .notification-list-item:has(.codicon-error) .notification-list-item-message')
      .allInnerTexts();
  }

  /** All notifications, including those that left the toasts for the notification center. */
  async allNotifications(): Promise<{ error: boolean; text: string }[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.notification-list-item')].map((el) => ({
        error: !!el.querySelector('.codicon-error'),
        text: (el.querySelector('.notification-list-item-message') as HTMLElement | null)?.innerText ?? '',
      })),
    );
  }

  /** Shows a view container in the side bar; a click on its activity bar item when it is already shown would hide it. */
  async showContainer(title: string): Promise<void> {
    const header = this.page.locator('.part.sidebar .composite.title').filter({ hasText: title });
    if (await header.isVisible()) return;
    await this.activityBarItem(title).click();
    await header.waitFor({ state: 'visible', timeout: 30_000 });
  }

  activityBarItem(labelPrefix: string): Locator {
    return this.page.locator(`.part.activitybar [aria-label^="${cssString(labelPrefix)}"]`).first();
  }

  /** Status bar entries whose text matches. */
  statusBarItem(re: RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item').filter({ hasText: re });
  }

  /**
   * The document inside a webview. VS Code nests it twice: an outer iframe per webview, and the
   * extension's page in the inner `#active-frame`. `index` picks among several webviews.
   */
  webview(index = 0): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
  }

  /** Opens a workspace file by name through Quick Open (Ctrl+P). */
  async openFile(fileName: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.blurWebviews();
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(fileName);
    const row = this.page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: fileName }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${cssString(fileName)}"]`).waitFor({ timeout: 15_000 });
    await this.activeEditor().locator('.view-lines').waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Hovers the mouse over the first editor line containing `text` and returns the hover's text. */
  async hoverText(text: string, expect: RegExp, timeoutMs: number): Promise<string> {
    const line = this.activeEditor().locator('.view-line').filter({ hasText: text }).first();
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').filter({ hasText: expect }).first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Move off and back on: a hover shown once does not refresh while the mouse stays put.
      await this.page.mouse.move(0, 0);
      const box = await line.boundingBox();
      if (box) await this.page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
      try {
        await hover.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) });
        return await hover.innerText();
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Text of the ghost (inline completion) decoration in the active editor; spaces come back as NBSP. */
  ghostText(): Locator {
    return this.activeEditor().locator('.ghost-text-decoration, .ghost-text');
  }

  async readGhostText(timeoutMs: number): Promise<string> {
    const ghost = this.ghostText().first();
    await ghost.waitFor({ state: 'visible', timeout: timeoutMs });
    const parts = await this.ghostText().allInnerTexts();
    return parts.join('').replace(/\u00a0/g, ' ');
  }

  /** Text of the active editor's model, read through the DOM lines (the editor is small here). */
  async editorLines(): Promise<string[]> {
    const lines = await this.activeEditor().locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat((el as HTMLElement).style.top || '0'), text: (el as HTMLElement).innerText }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return lines.map((l) => l.replace(/\u00a0/g, ' '));
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** Escapes a string for use inside a double-quoted CSS attribute selector. */
function cssString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
