/** Helpers for the Process Map panel's page: its frame, waiting, empty canvas points, the viewBox, colour contrast. */
import type { Frame } from 'playwright-core';
import type { Session } from './suite';

/** The Process Map's document: the webview frame that holds `#map` (the sidebar's may exist too). */
export async function mapFrame(s: Session): Promise<Frame> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    for (const f of s.wb.page.frames()) {
      if (await f.locator('#map').count().catch(() => 0)) return f;
    }
    if (Date.now() > deadline) throw new Error('no Process Map webview appeared');
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The map's viewBox as numbers [x, y, w, h]. */
export async function viewBox(f: Frame): Promise<number[]> {
  return ((await f.locator('#map').getAttribute('viewBox')) ?? '').split(/\s+/).map(Number);
}

/**
 * A point on the map's bare background (no node, edge or legend under it), in the page's
 * coordinates, so the mouse can press there and pan instead of hitting a mark.
 */
export async function emptyMapPoint(f: Frame): Promise<{ x: number; y: number }> {
  const inFrame = await f.locator('#map').evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    for (let fy = 0.1; fy < 0.95; fy += 0.08) {
      for (let fx = 0.1; fx < 0.95; fx += 0.08) {
        const x = r.left + fx * r.width;
        const y = r.top + fy * r.height;
        if (document.elementFromPoint(x, y) === svg) return { x, y, left: r.left, top: r.top };
      }
    }
    return undefined;
  });
  if (!inFrame) throw new Error('no bare background on the map');
  const box = await f.locator('#map').boundingBox();
  if (!box) throw new Error('the map has no box');
  return { x: box.x + inFrame.x - inFrame.left, y: box.y + inFrame.y - inFrame.top };
}

/** The body's computed background and text colours, as CSS gives them (rgb(…)). */
export async function bodyColours(f: Frame): Promise<{ background: string; foreground: string; dark: boolean }> {
  return f.evaluate(() => {
    const cs = getComputedStyle(document.body);
    return { background: cs.backgroundColor, foreground: cs.color, dark: document.body.classList.contains('vscode-dark') };
  });
}

/** WCAG 2 contrast ratio of two `rgb(r, g, b)` colours (1 … 21). */
export function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
