/**
 * Mermaid flowcharts (`flowchart TD` / `graph LR`): `A[Label] --> B(Label) -->|yes| C{Label}`.
 * A node's first label is its step name (a bare id is its own label); the steps before a node
 * come from walking its incoming links back. At the cursor we complete a label being typed in
 * a node's brackets, a node after a dangling link, or a new `Last --> X[...]` line.
 */
import type { SpecInsertion, SpecParser, SpecStep } from './types';
import { chainBefore } from './graph';
import { splitLines } from './lines';

const HEADER = /^\s*(?:flowchart|graph)\b/;
const NODE = /^([A-Za-z0-9_]+)/;
/** Openers longest first, with their closers. */
const SHAPES: [string, string][] = [
  ['([', '])'], ['[[', ']]'], ['[(', ')]'], ['((', '))'], ['{{', '}}'], ['[/', '/]'], ['[\\', '\\]'],
  ['[', ']'], ['(', ')'], ['{', '}'], ['>', ']'],
];
const LINK = /^\s*(?:--\s+[^->|]+?\s+-->|<?(?:-{2,}|={2,}|-\.+-)[->ox]?)\s*(?:\|[^|]*\|)?\s*/;
const PLACEHOLDER = '__process_agent_cursor__';

interface Chart {
  labels: Map<string, Omit<SpecStep, 'before'>>;
  incoming: Map<string, string[]>;
  /** Node ids in order of first appearance. */
  order: string[];
  /** Last node id of each statement line. */
  lastNodeOfLine: Map<number, string>;
}

function readChart(lines: string[]): Chart {
  const chart: Chart = { labels: new Map(), incoming: new Map(), order: [], lastNodeOfLine: new Map() };
  lines.forEach((text, lineNo) => {
    if (HEADER.test(text) || /^\s*(%%|subgraph\b|end\b|classDef\b|class\b|style\b|linkStyle\b|click\b|direction\b)/.test(text)) return;
    let pos = 0;
    let prev: string | undefined;
    while (pos < text.length) {
      const ws = text.slice(pos).length - text.slice(pos).trimStart().length;
      pos += ws;
      const id = NODE.exec(text.slice(pos))?.[1];
      if (id === undefined) break;
      pos += id.length;
      const shape = SHAPES.find(([open]) => text.startsWith(open, pos));
      if (shape) {
        const close = text.indexOf(shape[1], pos + shape[0].length);
        const inner = text.slice(pos + shape[0].length, close < 0 ? text.length : close);
        const label = inner.trim().replace(/^"(.*)"$/, '$1').trim();
        const start = pos + shape[0].length + inner.indexOf(label);
        if (label !== '' && !chart.labels.has(id)) chart.labels.set(id, { label, line: lineNo, start, end: start + label.length });
        pos = close < 0 ? text.length : close + shape[1].length;
      }
      if (!chart.order.includes(id)) chart.order.push(id);
      if (prev !== undefined) chart.incoming.set(id, [...(chart.incoming.get(id) ?? []), prev]);
      chart.lastNodeOfLine.set(lineNo, id);
      prev = id;
      const link = LINK.exec(text.slice(pos));
      if (!link) break;
      pos += link[0].length;
    }
  });
  return chart;
}

function labelOf(chart: Chart, id: string): string | undefined {
  if (id === PLACEHOLDER) return undefined;
  return chart.labels.get(id)?.label ?? id;
}

function freshId(chart: Chart): string {
  for (let c = 65; c <= 90; c++) if (!chart.order.includes(String.fromCharCode(c))) return String.fromCharCode(c);
  let n = chart.order.length;
  while (chart.order.includes(`S${n}`)) n++;
  return `S${n}`;
}

export const mermaidParser: SpecParser = {
  steps(text) {
    const lines = splitLines(text);
    if (!lines.some((l) => HEADER.test(l))) return [];
    const chart = readChart(lines);
    return chart.order.map((id) => {
      const before = chainBefore(chart.incoming, (n) => labelOf(chart, n), id);
      const l = chart.labels.get(id);
      return l ? { ...l, before } : undefined;
    }).filter((s): s is SpecStep => s !== undefined);
  },

  insertionAt(text, line, character): SpecInsertion | undefined {
    const lines = splitLines(text);
    const current = lines[line];
    if (current === undefined || !lines.slice(0, line).some((l) => HEADER.test(l))) return undefined;
    const head = current.slice(0, character);
    const rest = current.slice(character).trim();

    // Typing a label inside a node's brackets (editors often auto-close the bracket).
    const inNode = /([A-Za-z0-9_]+)\s*(\(\[|\[\[|\[\(|\(\(|\{\{|\[|\(|\{)"?([^\])}"]*)$/.exec(head);
    if (inNode) {
      const closer = SHAPES.find(([o]) => o === inNode[2])![1];
      if (rest !== '' && rest !== closer && rest !== `"${closer}`) return undefined;
      const typed = inNode[3].trimStart();
      const patched = readChart([...lines.slice(0, line), `${head}${closer}`]);
      const before = chainBefore(patched.incoming, (n) => labelOf(patched, n), inNode[1]);
      return { before, line, start: character - typed.length, typed, lead: '', trail: rest === '' ? closer : '' };
    }
    if (rest !== '') return undefined;
    const base = readChart(lines.slice(0, line));
    const id = freshId(readChart([...lines.slice(0, line), head]));
    // A link waiting for its target.
    if (/(?:-->|==>|-\.->|---|\|)\s*$/.test(head)) {
      const patched = readChart([...lines.slice(0, line), `${head} ${PLACEHOLDER}`]);
      const before = chainBefore(patched.incoming, (n) => labelOf(patched, n), PLACEHOLDER);
      return { before, line, start: character, typed: '', lead: `${/\s$/.test(head) ? '' : ' '}${id}[`, trail: ']' };
    }
    // A new line after the last statement: continue from its last node.
    if (head.trim() !== '') return undefined;
    const prevLine = [...base.lastNodeOfLine.keys()].pop();
    if (prevLine === undefined) return undefined;
    const last = base.lastNodeOfLine.get(prevLine)!;
    const indent = /^\s*/.exec(lines[prevLine])![0];
    const patched = readChart([...lines.slice(0, line), `${last} --> ${PLACEHOLDER}`]);
    const before = chainBefore(patched.incoming, (n) => labelOf(patched, n), PLACEHOLDER);
    return { before, line, start: character, typed: '', lead: `${head === '' ? indent : ''}${last} --> ${id}[`, trail: ']' };
  },
};
