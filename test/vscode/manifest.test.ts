/**
 * The extension manifest against the code: every command is in the "Process Agent" category
 * and registered, activation never uses "*", every setting the code reads is declared, every
 * file the manifest names exists, and the pspec grammar's patterns compile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS_IN_CODE, settingKeysInCode } from './manifestHelpers';

interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    views: Record<string, { id: string; name: string; type?: string }[]>;
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    configuration: { properties: Record<string, unknown> };
    languages: { id: string; configuration?: string }[];
    grammars: { path: string }[];
    walkthroughs: { steps: { media: { markdown?: string } }[] }[];
  };
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

test('commands: category "Process Agent", registered in code, activating the extension', () => {
  const declared = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(declared, [...COMMANDS_IN_CODE].sort());
  for (const c of pkg.contributes.commands) {
    assert.equal(c.category, 'Process Agent');
    assert.ok(pkg.activationEvents.includes(`onCommand:${c.command}`), c.command);
  }
  assert.deepEqual(pkg.contributes.commands.map((c) => c.title), [
    'Train Agent', 'Stop Training', 'Fine-tune Agent', 'Evaluate Agent', 'Search Hyperparameters', 'Predict Next Steps', 'Export Agent as ONNX', 'Open Dashboard', 'Reset Agent',
    'Forget Chosen CSV Columns and OCEL Object Types', 'Show Process Map',
  ]);
});

test('activation: never "*", and on the view and the spec language', () => {
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.ok(pkg.activationEvents.includes('onView:processAgent.dashboard'));
  assert.ok(pkg.activationEvents.includes('onLanguage:processspec'));
  assert.equal(pkg.contributes.viewsContainers.activitybar[0].title, 'Process Agent');
  assert.deepEqual(pkg.contributes.views.processAgent.map((v) => [v.id, v.name, v.type]), [['processAgent.dashboard', 'Agent', 'webview']]);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('settings: every key the code reads is declared', () => {
  const declared = new Set(Object.keys(pkg.contributes.configuration.properties));
  const read = settingKeysInCode();
  assert.ok(read.length >= 15, `found ${read.length} keys`);
  for (const k of read) assert.ok(declared.has(`processAgent.${k}`), k);
});

test('files named by the manifest exist, and the grammar compiles', () => {
  const files = [
    pkg.contributes.viewsContainers.activitybar[0].icon,
    ...pkg.contributes.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...pkg.contributes.grammars.map((g) => g.path),
    ...pkg.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => (s.media.markdown ? [s.media.markdown] : []))),
    'media/dashboard.css',
    'media/processMap.css',
  ];
  for (const f of files) assert.ok(existsSync(f), f);
  const grammar = readFileSync('syntaxes/processspec.tmLanguage.json', 'utf8');
  const patterns = [...grammar.matchAll(/"(?:match|begin|end)":\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  assert.ok(patterns.length >= 4);
  for (const p of patterns) assert.doesNotThrow(() => new RegExp(p), p);
  JSON.parse(readFileSync('language-configuration.json', 'utf8'));
});

test('commands are run through the COMMANDS table, never by a string literal', () => {
  const dir = 'src';
  const files = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : []));
  const ids = new Set(COMMANDS_IN_CODE);
  const literal = files(dir)
    .filter((f) => !f.endsWith(join('vscode', 'commandIds.ts')))
    .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/['"`](processAgent\.[A-Za-z]+)['"`]/g)].filter((m) => ids.has(m[1])).map((m) => `${f}: ${m[1]}`));
  assert.deepEqual(literal, []);
});
