/**
 * BPMN 2.0 XML: each task-like element's `name` attribute is a step, and the steps before it
 * are found by walking its incoming sequence flows back towards the start (through gateways
 * and events, which are not steps). saxes reads the XML; a half-typed document still yields
 * whatever was readable, because the editor asks while a person is typing.
 */
import { SaxesParser } from 'saxes';
import type { SpecInsertion, SpecParser } from './types';
import { chainBefore } from './graph';

const STEP_ELEMENTS = new Set([
  'task', 'userTask', 'serviceTask', 'manualTask', 'scriptTask', 'businessRuleTask',
  'sendTask', 'receiveTask', 'subProcess', 'callActivity',
]);

interface Element {
  id: string;
  name?: { value: string; line: number; start: number };
  isStep: boolean;
}

interface Model {
  elements: Map<string, Element>;
  /** target id → source ids, in document order. */
  incoming: Map<string, string[]>;
  order: Element[];
}

function localName(tag: string): string {
  return tag.slice(tag.indexOf(':') + 1);
}

/** Offsets of line starts, to turn string offsets into (line, column). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function toLineCol(starts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, col: offset - starts[lo] };
}

function readModel(text: string): Model {
  const model: Model = { elements: new Map(), incoming: new Map(), order: [] };
  const starts = lineStarts(text);
  const parser = new SaxesParser({ position: true });
  let tagStart = 0;
  parser.on('error', () => undefined); // keep going: partial documents still give their flows
  parser.on('opentagstart', (tag) => {
    tagStart = Math.max(0, text.lastIndexOf('<', parser.position - tag.name.length));
  });
  parser.on('opentag', (tag) => {
    const kind = localName(tag.name);
    const attr = (k: string): string | undefined => {
      const v = tag.attributes[k];
      return typeof v === 'string' ? v : undefined;
    };
    if (kind === 'sequenceFlow') {
      const source = attr('sourceRef');
      const target = attr('targetRef');
      if (source && target) model.incoming.set(target, [...(model.incoming.get(target) ?? []), source]);
      return;
    }
    const id = attr('id');
    if (id === undefined || kind.startsWith('BPMN') || model.elements.has(id)) return;
    const isStep = STEP_ELEMENTS.has(kind);
    const el: Element = { id, isStep };
    const name = attr('name')?.trim();
    if (isStep && name) {
      const raw = text.slice(tagStart, parser.position);
      const m = /\bname\s*=\s*(["'])/.exec(raw);
      const valueStart = m ? tagStart + m.index + m[0].length : tagStart;
      const lead = m ? raw.slice(m.index + m[0].length).indexOf(name) : 0;
      const { line, col } = toLineCol(starts, valueStart + Math.max(0, lead));
      el.name = { value: name, line, start: col };
    }
    model.elements.set(id, el);
    model.order.push(el);
  });
  try {
    parser.write(text).close();
  } catch {
    // saxes may still throw on some unrecoverable states; what was read so far is kept.
  }
  return model;
}

function stepsBefore(model: Model, id: string): string[] {
  return chainBefore(model.incoming, (n) => {
    const el = model.elements.get(n);
    return el?.isStep ? el.name?.value : undefined;
  }, id);
}

export const bpmnParser: SpecParser = {
  steps(text) {
    const model = readModel(text);
    return model.order
      .filter((e) => e.name)
      .map((e) => {
        const n = e.name!;
        return { label: n.value, line: n.line, start: n.start, end: n.start + n.value.length, before: stepsBefore(model, e.id) };
      });
  },

  insertionAt(text, line, character): SpecInsertion | undefined {
    const starts = lineStarts(text);
    if (line >= starts.length) return undefined;
    const offset = starts[line] + character;
    const open = text.lastIndexOf('<', offset - 1);
    if (open < 0) return undefined;
    const headOfTag = text.slice(open, offset);
    const tag = /^<([\w:.-]+)\s/.exec(headOfTag);
    const inName = /\sname\s*=\s*(["'])([^"'<>]*)$/.exec(headOfTag);
    if (!tag || !inName || !STEP_ELEMENTS.has(localName(tag[1]))) return undefined;
    // The rest of the value must be empty: we complete at the end of what was typed.
    const rest = text.slice(offset, offset + 200);
    if (!rest.startsWith(inName[1]) && rest.split('\n')[0].trim() !== '') return undefined;
    const tagText = text.slice(open, text.indexOf('>', offset) + 1 || offset);
    const id = /\sid\s*=\s*["']([^"']*)["']/.exec(tagText)?.[1];
    if (id === undefined) return undefined;
    const typed = inName[2].trimStart();
    return { before: stepsBefore(readModel(text), id), line, start: character - typed.length, typed, lead: '', trail: '' };
  },
};
