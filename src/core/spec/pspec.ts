/**
 * The `.pspec` format: one step per line, optional numbering or bullets, `#` comments,
 * and `A -> B -> C` chains on one line. The whole file is one process, top to bottom.
 */
import type { SpecInsertion, SpecParser, SpecStep } from './types';
import { markerLength } from './normalize';
import { nextMarker, splitLines, trimStartIndex } from './lines';

const CHAIN = /->|→/g;

/** The part of a line before its `#` comment (a `#` that starts the line or follows whitespace). */
function withoutComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

/** The labelled parts of one line with their column ranges. */
function lineSteps(line: string, lineNo: number): Omit<SpecStep, 'before'>[] {
  const code = withoutComment(line);
  const body = markerLength(code);
  const out: Omit<SpecStep, 'before'>[] = [];
  const bounds: [number, number][] = [];
  let from = body;
  for (const m of code.slice(body).matchAll(CHAIN)) {
    bounds.push([from, body + m.index]);
    from = body + m.index + m[0].length;
  }
  bounds.push([from, code.length]);
  for (const [a, b] of bounds) {
    const piece = code.slice(a, b);
    const label = piece.trim();
    if (label === '') continue;
    const start = trimStartIndex(piece, a);
    out.push({ label, line: lineNo, start, end: start + label.length });
  }
  return out;
}

/** Index just after the last `->` or `→` in `s`, or -1. */
function lastArrowEnd(s: string): number {
  let end = -1;
  for (const m of s.matchAll(CHAIN)) end = m.index + m[0].length;
  return end;
}

export const pspecParser: SpecParser = {
  steps(text) {
    const seen: string[] = [];
    const out: SpecStep[] = [];
    splitLines(text).forEach((line, i) => {
      for (const s of lineSteps(line, i)) {
        out.push({ ...s, before: [...seen] });
        seen.push(s.label);
      }
    });
    return out;
  },

  insertionAt(text, line, character): SpecInsertion | undefined {
    const lines = splitLines(text);
    const current = lines[line];
    if (current === undefined) return undefined;
    const head = current.slice(0, character);
    if (current.slice(character).trim() !== '' || withoutComment(head) !== head) return undefined;

    const before: string[] = [];
    let previousStepLine: string | undefined;
    for (let i = 0; i < line; i++) {
      const steps = lineSteps(lines[i], i);
      if (steps.length > 0) previousStepLine = lines[i];
      before.push(...steps.map((s) => s.label));
    }
    // On this line: the chain parts before the last arrow are complete steps.
    const arrow = lastArrowEnd(head);
    if (arrow >= 0) before.push(...lineSteps(head.slice(0, arrow), line).map((s) => s.label));
    const segment = head.slice(arrow >= 0 ? arrow : markerLength(head));
    const typed = segment.trimStart();
    const start = character - typed.length;

    let lead = '';
    if (head.trim() === '') lead = previousStepLine ? nextMarker(previousStepLine).trimStart() : '';
    else if (typed === '' && !/\s$/.test(head)) lead = ' ';
    return { before, line, start, typed, lead, trail: '' };
  },
};
