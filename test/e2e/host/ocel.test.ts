/**
 * OCEL logs in the workspace: the object type whose objects become cases is asked once in a real
 * quick pick (the reader's default listed first), remembered per file, and used for the
 * dashboard's statistics.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OcelObjectTypes } from '../../../src/vscode/ocelObjectType';
import { LogStatsCache, type FoundLog } from '../../../src/vscode/logDiscovery';

/** Workspace state as the extension gets it, kept in memory: the test's own, not the extension's. */
class MemoryState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

/** 8 orders (Create → Ship) and 5 items (Pick), each Ship also touching an item: Order has the most relations. */
function shopLog(): string {
  const objects = [...Array.from({ length: 8 }, (_, i) => ({ id: `o${i}`, type: 'Order' })), ...Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, type: 'Item' }))];
  const at = (m: number) => new Date(Date.UTC(2024, 0, 1) + m * 60_000).toISOString();
  const events = [];
  for (let i = 0; i < 8; i++) {
    events.push({ id: `c${i}`, type: 'Create', time: at(i * 10), relationships: [{ objectId: `o${i}` }] });
    events.push({ id: `s${i}`, type: 'Ship', time: at(i * 10 + 5), relationships: [{ objectId: `o${i}` }, { objectId: `i${i % 5}` }] });
  }
  for (let i = 0; i < 5; i++) events.push({ id: `p${i}`, type: 'Pick', time: at(i * 10 + 2), relationships: [{ objectId: `i${i}` }] });
  return JSON.stringify({ objectTypes: [{ name: 'Order' }, { name: 'Item' }], eventTypes: [], objects, events });
}

describe('OCEL object type', () => {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const file = path.join(root, 'shop.jsonocel');
  const log: FoundLog = { uri: vscode.Uri.file(file), rel: 'shop.jsonocel', format: 'ocel', bytes: 0 };

  before(() => writeFileSync(file, shopLog()));
  after(() => rmSync(file, { force: true }));

  it('is asked once in a quick pick with the default first, then remembered', async () => {
    const types = new OcelObjectTypes(new MemoryState());
    // A run nobody started (auto fine-tune) asks nothing: the reader's default applies, nothing is remembered.
    assert.equal(await Promise.race([types.resolve(log, false), new Promise((r) => setTimeout(() => r('prompted'), 5_000))]), undefined);
    assert.equal(types.remembered(log), undefined);
    const asked = types.resolve(log);
    // Accept whatever the quick pick shows first, as Enter would.
    let chosen: string | undefined | null;
    for (let tries = 0; tries < 50 && chosen === undefined; tries++) {
      await new Promise((r) => setTimeout(r, 200));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      chosen = await Promise.race([asked, new Promise<undefined>((r) => setTimeout(() => r(undefined), 50))]);
    }
    assert.equal(chosen, 'Order', 'the default (most related events) is listed first');
    assert.equal(types.remembered(log), 'Order');
    // Remembered: answered without a quick pick (a prompt would leave this pending).
    assert.equal(await Promise.race([types.resolve(log), new Promise((r) => setTimeout(() => r('prompted'), 5_000))]), 'Order');
    await types.forget();
    assert.equal(types.remembered(log), undefined, 'forgotten: the next run asks again');
  });

  it('gives the statistics of the chosen flattening', async () => {
    const stats = new LogStatsCache();
    const items = await stats.summarize({ ...log, bytes: 1 }, { objectType: 'Item' });
    assert.equal(items.objectType, 'Item');
    assert.equal(items.stats?.cases, 5);
    const orders = await stats.summarize({ ...log, bytes: 1 }, { objectType: 'Order' });
    assert.equal(orders.objectType, 'Order');
    assert.equal(orders.stats?.cases, 8);
    assert.equal(orders.stats?.events, 16);
  });
});
