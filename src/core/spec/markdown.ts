/**
 * Markdown step lists in `*.process.md`: every list item ("- Step", "1. Step", "- [ ] Step")
 * is a step. A heading starts a new process, and fenced code blocks are skipped, except
 * ```mermaid fences, which are read as Mermaid flowcharts.
 */
import type { SpecInsertion, SpecParser, SpecStep } from './types';
import { nextMarker, splitLines } from './lines';
import { mermaidParser } from './mermaid';

/** The ```mermaid fences: first and last content line (0-based, inclusive). */
function mermaidFences(lines: string[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let open: { from: number; mermaid: boolean } | undefined;
  lines.forEach((l, i) => {
    if (!FENCE.test(l)) return;
    if (!open) open = { from: i + 1, mermaid: /^\s*(```|~~~)\s*mermaid\b/.test(l) };
    else {
      if (open.mermaid) out.push({ from: open.from, to: i - 1 });
      open = undefined;
    }
  });
  if (open?.mermaid) out.push({ from: open.from, to: lines.length - 1 });
  return out;
}

const ITEM = /^(\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)(.*)$/;
const FENCE = /^\s*(```|~~~)/;
const HEADING = /^\s{0,3}#{1,6}\s/;

/** Removes wrapping emphasis or code ticks: "**Check**" → "Check". */
function unwrap(s: string): string {
  return s.trim().replace(/^([*_`]+)(.*?)\1$/, '$2').trim();
}

interface Line {
  kind: 'item' | 'heading' | 'code' | 'other' | 'blank';
  step?: Omit<SpecStep, 'before'>;
}

function classify(lines: string[]): Line[] {
  let inFence = false;
  return lines.map((text, i): Line => {
    if (FENCE.test(text)) {
      inFence = !inFence;
      return { kind: 'code' };
    }
    if (inFence) return { kind: 'code' };
    if (HEADING.test(text)) return { kind: 'heading' };
    if (text.trim() === '') return { kind: 'blank' };
    const m = ITEM.exec(text);
    if (!m || unwrap(m[2]) === '') return { kind: m ? 'item' : 'other' };
    const label = unwrap(m[2]);
    const start = m[1].length + m[2].indexOf(label);
    return { kind: 'item', step: { label, line: i, start, end: start + label.length } };
  });
}

export const markdownParser: SpecParser = {
  steps(text) {
    let seen: string[] = [];
    const out: SpecStep[] = [];
    const lines = splitLines(text);
    for (const l of classify(lines)) {
      if (l.kind === 'heading') seen = [];
      if (!l.step) continue;
      out.push({ ...l.step, before: [...seen] });
      seen.push(l.step.label);
    }
    for (const f of mermaidFences(lines)) {
      const inner = mermaidParser.steps(lines.slice(f.from, f.to + 1).join('\n'));
      out.push(...inner.map((st) => ({ ...st, line: st.line + f.from })));
    }
    return out.sort((a, b) => a.line - b.line || a.start - b.start);
  },

  insertionAt(text, line, character): SpecInsertion | undefined {
    const lines = splitLines(text);
    const fence = mermaidFences(lines).find((f) => f.from <= line && line <= f.to);
    if (fence) {
      const inner = mermaidParser.insertionAt(lines.slice(fence.from, fence.to + 1).join('\n'), line - fence.from, character);
      return inner && { ...inner, line };
    }
    const current = lines[line];
    if (current === undefined || current.slice(character).trim() !== '') return undefined;
    const kinds = classify(lines.slice(0, line + 1));
    if (kinds[line].kind === 'code' || kinds[line].kind === 'heading') return undefined;

    let before: string[] = [];
    let lastItemLine: string | undefined;
    kinds.slice(0, line).forEach((l, i) => {
      if (l.kind === 'heading') [before, lastItemLine] = [[], undefined];
      if (l.kind === 'item') lastItemLine = lines[i];
      if (l.step) before.push(l.step.label);
    });

    const head = current.slice(0, character);
    const item = ITEM.exec(head + (head.endsWith(' ') ? '' : ' '));
    if (item && item[1].length <= head.length) {
      const typed = head.slice(item[1].length);
      return { before, line, start: character - typed.length, typed, lead: '', trail: '' };
    }
    if (head.trim() !== '' || lastItemLine === undefined) return undefined;
    const marker = nextMarker(lastItemLine);
    return { before, line, start: character, typed: '', lead: head === '' ? marker : marker.trimStart(), trail: '' };
  },
};
