// The core's ambient types for bpmn-moddle (export.ts imports it); the e2e tsconfig does not include src/.
/// <reference path="../../src/core/insight/bpmn-moddle.d.ts" />
/**
 * The Process Map panel in real VS Code (code-server), on the project's sample log with
 * samples' loan.pspec open: open it from the palette, check the drawn map against the CLI's
 * `map --json`, move a slider (and time the redraws), switch to performance, click a candidate
 * and open it as a spec, whose untitled document must be exactly the core's pspec export of the
 * candidate the CLI's `insights --json` ranks there; the dark theme, Export BPMN, zoom and pan,
 * and a window reload that brings the panel back as it was. Screenshots: 07-process-map(-dark).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import type { AutomationCandidate, Insights, ProcessMap } from '../../src/core/insight/types';
import { candidateToPspec } from '../../src/core/insight/export';
import { compareSpec } from '../../src/core/insight/specOverlay';
import { readLog } from '../../src/core/log/read';
import { extensionHostErrors } from './lib/hostLog';
import { cliPath, repoRoot, resultsDir } from './lib/paths';
import { bodyColours, contrast, emptyMapPoint, mapFrame, viewBox, waitFor } from './lib/mapPage';
import { closeSession, openSession, withFailureShot, type Session } from './lib/suite';

const EXTENSION_ID = 'process-agent.process-agent';
/** The sample spec with one step the log never shows, so the overlay has something to draw. */
const SPEC_NAME = 'loan-usual.pspec';
const UNSEEN_STEP = 'Call the customer';
function specText(): string {
  return readFileSync(path.join(repoRoot, 'samples/loan.pspec'), 'utf8').replace(/^Send offer$/m, `Send offer\n${UNSEEN_STEP}`);
}

function cli<T>(args: string[]): T {
  return JSON.parse(execFileSync(process.execPath, [cliPath, ...args, '--json'], { encoding: 'utf8', timeout: 120_000 })) as T;
}

describe('the Process Map panel', { timeout: 10 * 60_000 }, () => {
  let s: Session | undefined;
  let frame: Frame | undefined;

  const step = (name: string, fn: (s: Session, f: Frame) => Promise<void>) =>
    it(name, () => {
      assert.ok(s, 'the session did not start');
      return withFailureShot(s.wb, name, async () => {
        if (!frame) frame = await mapFrame(s!);
        await fn(s!, frame);
      });
    });

  before(async () => {
    s = await openSession('map', { settings: { 'git.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
    writeFileSync(path.join(s.ws.dir, SPEC_NAME), specText());
    // Quick Open's file search can lag behind a fresh window on a loaded machine: try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await s.wb.openFile(SPEC_NAME);
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    await s.wb.runCommand('Process Agent: Show Process Map');
  });
  after(() => closeSession(s));

  step('1. opens from the palette on the sample log and draws the map the CLI computes', async ({ ws }, f) => {
    await f.locator('#map g.node').first().waitFor({ timeout: 120_000 });
    const [activities, paths] = await Promise.all(['activities', 'paths'].map(async (id) => Number(await f.locator(`#slider-${id}`).inputValue())));
    const expected = cli<ProcessMap>(['map', ws.log, '--activities', `${activities}%`, '--paths', `${paths}%`]);
    // Spec-only steps (count 0) come from the open spec, not the log: compare the log's nodes.
    const drawn = await f.locator('#map g.node:not(.spec-only)').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
    assert.deepEqual(drawn.sort(), expected.nodes.map((n) => n.id).sort());
    const edges = await f.locator('#map g.edge:not(.spec-only)').count();
    assert.equal(edges, expected.edges.length);
    // The critical path is marked.
    assert.ok((await f.locator('#map g.edge.critical').count()) >= 2, 'no critical path drawn');
    // The open spec is laid over the log: its unseen step is drawn dashed and listed, with the share the core computes.
    await f.locator('#spec-section:not([hidden])').filter({ hasText: SPEC_NAME }).waitFor({ timeout: 30_000 });
    await f.locator(`#map g.node.spec-only[data-id="${UNSEEN_STEP}"]`).waitFor({ timeout: 10_000 });
    assert.ok((await f.locator('#spec-missing').innerText()).includes(`step: ${UNSEEN_STEP}`));
    const steps = specText().split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const overlay = compareSpec(steps, (await readLog(ws.log)).cases);
    assert.equal(Number(await f.locator('#spec-exact').getAttribute('data-value')), overlay.exactShare);
  });

  step('2. moving the activities slider redraws a smaller map (timed)', async ({ ws }, f) => {
    const slider = f.locator('#slider-activities');
    const svg = f.locator('#map');
    const before = await f.locator('#map g.node').count();
    const times: { redraw: number; final: number; host: number; draw: number; provisional: boolean; nodes: number }[] = [];
    for (const [i, v] of [90, 70, 50, 30, 60, 100, 40].entries()) {
      await slider.fill(String(v));
      // Each move waits for its final layout, so the next starts from a laid-out map, as a person's slow drag does.
      await waitFor(async () => Number(await svg.getAttribute('data-final-seq')) >= i + 1, 30_000, `layout ${i + 1}`);
      const num = async (a: string) => Number(await svg.getAttribute(a));
      times.push({ redraw: await num('data-redraw-ms'), final: await num('data-final-ms'), host: await num('data-host-ms'), draw: await num('data-draw-ms'), provisional: (await svg.getAttribute('data-provisional')) === 'true', nodes: await num('data-nodes') });
    }
    const after = await f.locator('#map g.node').count();
    assert.ok(after < before, `40% of the activities drew ${after} nodes, all drew ${before}`);
    const paths = Number(await f.locator('#slider-paths').inputValue());
    const expected = cli<ProcessMap>(['map', ws.log, '--activities', '40%', '--paths', `${paths}%`]);
    const drawn = await f.locator('#map g.node:not(.spec-only)').count();
    assert.equal(drawn, expected.nodes.length, 'the slider map differs from the CLI at the same setting');
    const sorted = times.map((t) => t.redraw).sort((a, b) => a - b);
    const report = { moves: times, medianRedrawMs: sorted[Math.floor(sorted.length / 2)], maxRedrawMs: sorted[sorted.length - 1] };
    writeFileSync(path.join(resultsDir, 'map-redraw.json'), JSON.stringify(report, null, 2));
    console.log(`slider redraws (ms, input → frame after the first answer): ${times.map((t) => `${t.redraw.toFixed(0)}${t.provisional ? 'p' : ''}`).join(', ')}; final layouts ${times.map((t) => t.final.toFixed(0)).join(', ')}; nodes ${times.map((t) => t.nodes).join(', ')}`);
    await slider.fill('100');
    await waitFor(async () => Number(await svg.getAttribute('data-final-seq')) >= times.length + 1, 30_000, 'the full map again');
  });

  step('3. a click on a candidate highlights its run; the performance view colours edges by wait', async ({ wb, ws }, f) => {
    const insights = cli<Insights>(['insights', ws.log]);
    assert.ok(insights.automationCandidates.length > 0, 'the sample log has no automation candidate');
    const listed = await f.locator('#candidate-list li.candidate').evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('data-steps') ?? '[]') as string[]));
    assert.deepEqual(listed, insights.automationCandidates.map((c) => c.steps), 'candidates differ from the CLI');
    await f.locator('#mode-performance').click();
    await f.locator('#map g.edge[class*="wait-"]').first().waitFor({ timeout: 10_000 });
    const first = f.locator('#candidate-list li.candidate').first();
    await first.click();
    await f.locator('#candidate-list li.candidate.selected').waitFor({ timeout: 10_000 });
    const highlighted = await f.locator('#map g.node.highlight').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(highlighted.sort(), [...new Set(insights.automationCandidates[0].steps)].sort());
    await f.locator('#mode-frequency').click();
    await f.locator('#map g.edge[class*="wait-"]').first().waitFor({ state: 'detached', timeout: 10_000 });
    await wb.runCommand('View: Close Primary Side Bar');
    await (await mapFrame(s!)).locator('#map g.node.highlight').first().waitFor({ timeout: 10_000 });
    await wb.screenshot('07-process-map');
    await f.locator('#fit').click();
    await wb.screenshot('07-process-map-fit');
  });

  step('4. in a dark theme the panel follows the theme colours, readably', async ({ wb }, f) => {
    const light = await bodyColours(f);
    assert.equal(light.dark, false, 'the first run is not in a light theme');
    // The theme picker, as a person switches: it writes workbench.colorTheme ("Default Dark Modern").
    await wb.runCommand('Preferences: Color Theme');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('Dark Modern');
    await wb.page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: /^Dark Modern/ }).first().waitFor({ timeout: 15_000 });
    await input.press('Enter');
    await wb.page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    await waitFor(async () => (await bodyColours(f)).dark, 15_000, 'the panel to take the dark theme');
    await f.locator('#fit').click();
    const dark = await bodyColours(f);
    assert.notEqual(dark.background, light.background, 'the background did not follow the theme');
    assert.notEqual(dark.foreground, light.foreground, 'the text colour did not follow the theme');
    for (const [name, c] of Object.entries({ light, dark })) {
      assert.ok(contrast(c.background, c.foreground) >= 4.5, `${name}: ${c.foreground} on ${c.background} is below 4.5:1`);
    }
    await wb.screenshot('07-process-map-dark');
  });

  step('5. "Open as spec" opens an untitled pspec holding exactly the core export of that candidate', async ({ wb, ws }, f) => {
    const c: AutomationCandidate = cli<Insights>(['insights', ws.log]).automationCandidates[0];
    await f.locator('#candidate-list li.candidate').first().locator('button.open-spec').click();
    // An untitled tab is named after its first line, with "Untitled-N" beside it.
    await wb.page.locator('.tabs-container .tab.active').filter({ hasText: /Untitled-\d/ }).waitFor({ timeout: 30_000 });
    const want = candidateToPspec(c).replace(/\n+$/, '').split('\n');
    await waitFor(async () => JSON.stringify((await wb.editorLines()).slice(0, want.length)) === JSON.stringify(want), 15_000, 'the pspec text in the untitled editor');
    await wb.statusBarItem(/^Process Spec$/).first().waitFor({ timeout: 10_000 });
  });

  step('6. "Export BPMN" writes a file that bpmn-moddle reads as a sub-process of service tasks', async ({ wb, ws }, f) => {
    const c: AutomationCandidate = cli<Insights>(['insights', ws.log]).automationCandidates[0];
    await f.locator('#candidate-list li.candidate').first().locator('button.export-bpmn').click();
    // code-server has no native dialogs: the save dialog is VS Code's simple one, a path in the quick input.
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(async () => (await input.inputValue()).endsWith('.bpmn'), 10_000, 'the suggested .bpmn path');
    await input.press('Enter');
    await wb.waitForToast(/exported \d+ steps to .*\.bpmn/, 30_000);
    const files = readdirSync(ws.dir).filter((n) => n.endsWith('.bpmn'));
    assert.equal(files.length, 1, `bpmn files in the workspace: ${files.join(', ')}`);
    const { rootElement, warnings } = await new BpmnModdle().fromXML(readFileSync(path.join(ws.dir, files[0]), 'utf8'));
    assert.deepEqual(warnings, []);
    const elements = (e: ModdleElement, key: string) => (e[key] as ModdleElement[] | undefined) ?? [];
    const process = elements(rootElement, 'rootElements').find((e) => e.$type === 'bpmn:Process');
    assert.ok(process, 'no process in the BPMN');
    const sub = elements(process, 'flowElements').find((e) => e.$type === 'bpmn:SubProcess');
    assert.ok(sub, 'no sub-process in the BPMN');
    const tasks = elements(sub, 'flowElements').filter((e) => e.$type === 'bpmn:ServiceTask').map((e) => e.name);
    assert.deepEqual(tasks, c.steps);
  });

  step('7. the wheel zooms and a drag pans the map (its viewBox)', async ({ wb }, f) => {
    const start = await viewBox(f);
    const at = await emptyMapPoint(f);
    await wb.page.mouse.move(at.x, at.y);
    await wb.page.mouse.wheel(0, -400);
    await waitFor(async () => (await viewBox(f))[2] < start[2] * 0.8, 10_000, 'the wheel to zoom in');
    const zoomed = await viewBox(f);
    const from = await emptyMapPoint(f);
    await wb.page.mouse.move(from.x, from.y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(from.x + 120, from.y + 60, { steps: 6 });
    await wb.page.mouse.up();
    const panned = await viewBox(f);
    // Dragging right and down moves the view's origin left and up; the scale stays.
    assert.ok(panned[0] < zoomed[0] - 10 && panned[1] < zoomed[1] - 5, `viewBox ${zoomed.join(' ')} → ${panned.join(' ')}`);
    assert.ok(Math.abs(panned[2] - zoomed[2]) < 1e-6, 'the drag changed the scale');
  });

  step('8. after Developer: Reload Window the panel comes back with the same log, sliders and mode', async ({ wb }, f) => {
    const svg = f.locator('#map');
    for (const [id, v] of [['activities', '60'], ['paths', '50']]) {
      const seq = Number(await svg.getAttribute('data-final-seq'));
      await f.locator(`#slider-${id}`).fill(v);
      await waitFor(async () => Number(await svg.getAttribute('data-final-seq')) > seq, 30_000, `the layout for ${id} ${v}%`);
    }
    await f.locator('#mode-performance').click();
    const nodes = await f.locator('#map g.node').count();
    const reloaded = wb.page.waitForEvent('framenavigated', { predicate: (fr) => fr === wb.page.mainFrame(), timeout: 60_000 });
    const t0 = Date.now();
    await wb.runCommand('Developer: Reload Window');
    await reloaded;
    await wb.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    frame = await mapFrame(s!);
    const g = frame;
    await g.locator('#map g.node').first().waitFor({ timeout: 120_000 });
    await waitFor(async () => (await g.locator('#slider-activities').inputValue()) === '60', 30_000, 'the restored activities slider');
    console.log(`the Process Map came back ${((Date.now() - t0) / 1000).toFixed(1)} s after Reload Window`);
    assert.equal(await g.locator('#slider-paths').inputValue(), '50');
    assert.equal(await g.locator('#value-activities').innerText(), '60%');
    assert.equal(await g.locator('#mode-performance').getAttribute('aria-pressed'), 'true');
    assert.equal(await g.locator('#log-select').inputValue(), 'loan-sample.csv');
    await waitFor(async () => (await g.locator('#map g.node').count()) === nodes, 30_000, `the same ${nodes} nodes`);
  });

  step('9. no error notification and no uncaught error of the extension', async ({ wb, server }) => {
    const errors = (await wb.allNotifications()).filter((n) => n.error).map((n) => n.text);
    assert.deepEqual(errors, [], 'error notifications were shown');
    assert.deepEqual(extensionHostErrors(server, EXTENSION_ID), [], 'the extension host logged errors of the extension');
    assert.deepEqual(wb.pageErrors, [], 'the workbench page threw');
  });
});
