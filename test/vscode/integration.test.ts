/**
 * The editor features' logic, driven end to end against a real agent trained on the project's
 * own sample log (tiny preset, two epochs): spec text → parser → insertion point → the agent →
 * the ghost text, hover outlook and hints the VS Code providers show. The providers themselves
 * only wrap these functions in VS Code types; the real-editor suite (test/e2e) covers that part.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainAgent } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { END_OF_CASE } from '../../src/core/agent/types';
import { parserFor, type SpecFormat } from '../../src/core/spec';
import { toLoadedAgent, type LoadedAgent } from '../../src/vscode/loadedAgent';
import { hints, insertText, outlook, proposalTime, proposals } from '../../src/vscode/stepAdvice';
import { timeSummary } from '../../src/core/agent/duration';

const PREFIX = ['Submit online application', 'Check completeness'];
let dir: string;
let loaded: LoadedAgent;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pa-integration-'));
  await trainAgent({
    logs: [resolve('samples/loan-sample.csv')],
    agentDir: dir,
    config: trainConfig({ preset: 'tiny', epochs: 2, threads: 1, seed: 7 }),
    fineTune: false,
  });
  loaded = toLoadedAgent(await loadAgent(dir, { threads: 1 }));
});

after(async () => {
  await loaded?.agent.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The agent's own ranking for the prefix, without END: what the ghost text must show. */
async function expected(prefix: string[]): Promise<string[]> {
  const p = await loaded.agent.predictNext(prefix, 6);
  return p.next.map((n) => n.activity).filter((a) => a !== END_OF_CASE).slice(0, 4);
}

const SPECS: Record<SpecFormat, { text: string; line: number; character: number }> = {
  pspec: { text: '# loan\n1. submit  ONLINE application\n2. Check completeness\n', line: 3, character: 0 },
  markdown: { text: '# Loan\n\n- Submit online application\n- check completeness\n', line: 4, character: 0 },
  yaml: { text: 'steps:\n  - Submit online application\n  - name: Check Completeness\n', line: 3, character: 0 },
  mermaid: { text: 'flowchart LR\n  A[Submit online application] --> B(Check completeness) -->', line: 1, character: 60 },
  bpmn: {
    text: [
      '<definitions><process id="p">',
      '<startEvent id="s"/><task id="a" name="Submit online application"/><task id="b" name="Check completeness"/>',
      '<task id="c" name=""/>',
      '<sequenceFlow id="f0" sourceRef="s" targetRef="a"/><sequenceFlow id="f1" sourceRef="a" targetRef="b"/><sequenceFlow id="f2" sourceRef="b" targetRef="c"/>',
      '</process></definitions>',
    ].join('\n'),
    line: 2,
    character: 19,
  },
};

for (const [format, spec] of Object.entries(SPECS) as [SpecFormat, (typeof SPECS)[SpecFormat]][]) {
  test(`${format}: the ghost text is the agent's most likely next step, then up to 3 alternatives`, async () => {
    const ins = parserFor(format).insertionAt(spec.text, spec.line, spec.character);
    assert.ok(ins, 'an insertion point at the cursor');
    const got = await proposals(loaded, ins);
    assert.deepEqual(got, await expected(PREFIX));
    assert.ok(got.length >= 1 && got.length <= 4);
    const text = insertText(got[0], ins)!;
    assert.ok(text.includes(got[0]) && text.startsWith(ins.lead));
  });
}

test('typing the start of a step narrows the proposals to steps that begin with it', async () => {
  const top = (await expected(PREFIX))[1];
  const typed = top.slice(0, 4).toLowerCase();
  const text = `Submit online application\nCheck completeness\n${typed}`;
  const ins = parserFor('pspec').insertionAt(text, 2, typed.length)!;
  assert.equal(ins.typed, typed);
  const got = await proposals(loaded, ins);
  assert.ok(got.length > 0 && got.every((g) => g.toLowerCase().startsWith(typed)), got.join(', '));
  assert.ok(got.includes(top));
  // Ghost text must start with exactly what is in the editor.
  assert.ok(insertText(got[0], ins)!.startsWith(typed));
});

test('the inline item\'s time text is the hover\'s for the proposed step, from the agent\'s time heads', async () => {
  const spec = SPECS.pspec;
  const ins = parserFor('pspec').insertionAt(spec.text, spec.line, spec.character)!;
  const [top] = await proposals(loaded, ins);
  const text = await proposalTime(loaded, ins, top);
  const times = await loaded.agent.predictTimes!([...PREFIX, top]);
  assert.ok(times, 'the sample log has timestamps, so the agent has time heads');
  assert.equal(text, timeSummary(times.nextEventInMs, times.remainingMs));
  assert.match(text!, /^≈ .+ to next step · ≈ .+ to finish$/);
  // The hover after the same step says the same.
  const steps = parserFor('pspec').steps(`Submit online application\nCheck completeness\n${top}`);
  const o = await outlook(loaded, steps[2], 5);
  assert.equal(timeSummary(o.times!.nextEventInMs, o.times!.remainingMs), text);
});

test('hover outlook: the step probability and the next-step distribution come from the agent', async () => {
  const [step] = parserFor('pspec').steps('Submit online application\nCheck completeness').slice(1);
  const o = await outlook(loaded, step, 5);
  assert.equal(o.activity, 'Check completeness');
  const direct = await loaded.agent.predictNext(['Submit online application'], loaded.agent.activities.length + 1);
  assert.equal(o.probability, direct.next.find((n) => n.activity === 'Check completeness')!.probability);
  assert.deepEqual(o.next, (await loaded.agent.predictNext(PREFIX, 5)).next);
});

test('hints: an unseen step is reported, and a step out of place is improbable', async () => {
  const text = 'Submit online application\nFeed the cat\nDisburse funds\nCheck completeness';
  const found = await hints(loaded, parserFor('pspec').steps(text), 0.05);
  assert.ok(found.some((h) => h.kind === 'unknown' && h.step.label === 'Feed the cat'));
  const disburse = found.find((h) => h.kind === 'improbable' && h.activity === 'Disburse funds');
  assert.ok(disburse && disburse.kind === 'improbable' && disburse.probability < 0.05 && disburse.usual.length > 0);
});

test('a cancelled request does not answer', async () => {
  const ins = parserFor('pspec').insertionAt('Verify income\nAssess risk\nApprove loan\n', 3, 0)!;
  await assert.rejects(proposals(loaded, ins, AbortSignal.abort()));
});
