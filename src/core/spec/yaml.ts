/**
 * YAML `steps:` lists in `*.process.yaml` / `*.process.yml`, at any depth. An item is a
 * string ("- Check documents") or a map with a `name`, `activity`, `step` or `task` key.
 * The yaml package finds the items; the cursor logic is line-based so it also works while a
 * person is halfway through typing an item and the document does not parse cleanly.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { SpecInsertion, SpecParser, SpecStep } from './types';
import { splitLines } from './lines';

const LABEL_KEYS = ['name', 'activity', 'step', 'task'];

interface StepList {
  keyLine: number;
  keyIndent: number;
  steps: Omit<SpecStep, 'before'>[];
  /** Whether items are maps, so a new item should start with "name: ". */
  mapItems: boolean;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The scalar that carries an item's label, if any. */
function labelNode(item: unknown): { value: string; range: [number, number, number] } | undefined {
  const node = isMap(item) ? LABEL_KEYS.map((k) => item.get(k, true)).find((n) => n !== undefined) : item;
  if (!isScalar(node) || node.value === null || node.value === undefined || !node.range) return undefined;
  const value = String(node.value).trim();
  return value === '' ? undefined : { value, range: node.range };
}

function stepLists(text: string): StepList[] {
  const lines = splitLines(text);
  const counter = new LineCounter();
  const lists: StepList[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: counter })) {
    visit(doc, {
      Pair(_, pair) {
        if (!isScalar(pair.key) || pair.key.value !== 'steps' || !pair.key.range) return;
        const keyLine = counter.linePos(pair.key.range[0]).line - 1;
        const list: StepList = { keyLine, keyIndent: indentOf(lines[keyLine] ?? ''), steps: [], mapItems: false };
        const items: unknown[] = isSeq(pair.value) ? pair.value.items : [];
        for (const item of items) {
          list.mapItems ||= isMap(item);
          const l = labelNode(item as YamlNode);
          if (!l) continue;
          const pos = counter.linePos(l.range[0]);
          const lineText = lines[pos.line - 1] ?? '';
          const start = Math.max(0, lineText.indexOf(l.value, pos.col - 1));
          list.steps.push({ label: l.value, line: pos.line - 1, start, end: start + l.value.length });
        }
        lists.push(list);
      },
    });
  }
  return lists.sort((a, b) => a.keyLine - b.keyLine);
}

/** Whether `line` still belongs to the block under a `steps:` key at `keyIndent`. */
function insideBlock(line: string, keyIndent: number): boolean {
  if (line.trim() === '' || line.trimStart().startsWith('#')) return true;
  const indent = indentOf(line);
  return indent > keyIndent || (indent === keyIndent && line.trimStart().startsWith('-'));
}

export const yamlParser: SpecParser = {
  steps(text) {
    return stepLists(text).flatMap((list) => list.steps.map((s, i) => ({ ...s, before: list.steps.slice(0, i).map((p) => p.label) })));
  },

  insertionAt(text, line, character): SpecInsertion | undefined {
    const lines = splitLines(text);
    const current = lines[line];
    if (current === undefined || current.slice(character).trim() !== '') return undefined;
    const head = current.slice(0, character);
    const list = stepLists(text)
      .filter((l) => l.keyLine < line && lines.slice(l.keyLine + 1, line + 1).every((t, i) => (i === line - l.keyLine - 1 ? insideBlock(head || ' ', l.keyIndent) : insideBlock(t, l.keyIndent))))
      .pop();
    if (!list) return undefined;
    const before = list.steps.filter((s) => s.line < line).map((s) => s.label);

    const item = /^\s*-\s+(?:(?:name|activity|step|task)\s*:\s*)?(["']?)(.*)$/.exec(head);
    if (item) {
      const typed = item[2];
      return { before, line, start: character - typed.length, typed, lead: '', trail: item[1] };
    }
    if (head.trim() !== '') return undefined;
    const first = list.steps[0];
    const dash = first ? indentOf(lines[first.line].slice(0, first.start).replace(/-.*$/, '')) : list.keyIndent + 2;
    const full = `${' '.repeat(dash)}- ${list.mapItems ? 'name: ' : ''}`;
    return { before, line, start: character, typed: '', lead: full.startsWith(head) ? full.slice(head.length) : full.trimStart(), trail: '' };
  },
};
