/**
 * XES / .xes.gz → events with saxes. Reads typed attributes, trace `concept:name` as the case
 * id, `<global scope="event">` defaults, classifiers and a lifecycle filter. DTDs are never
 * processed (see strictSax.ts).
 */
import type { CaseBuilder } from './cases';
import { LifecyclePolicy } from './lifecycle';
import { readTextChunks, textSizeHint } from './source';
import { TraceIds } from './xesTraceIds';
import { strictSaxParser } from './strictSax';
import { EventFields, isAttributeElement, LIFECYCLE, NAME, RESOURCE } from './xesKeys';
import { TimestampScanner } from './time';
import { LogError, type ReadOptions, type ReadReport } from './types';
import { XesHeaderState } from './xesHeader';
import { readXesParallel } from './xesParallel';


/** The few attributes of one event that matter, kept only while its trace id is unknown. */
interface WaitingEvent {
  name: string | undefined;
  lifecycle: string | undefined;
  time: string | undefined;
  resource: string | undefined;
  line: number;
}

/** Reads an XES file into `builder`: big files in parallel (xesParallel.ts), else, or whenever that gives up, serially. */
export async function readXes(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  if (opts.xesParallel !== false) {
    const report = await readXesParallel(file, textSizeHint(file), opts, builder, opts.xesParallel);
    if (report) return report;
  }
  return readXesSerial(file, opts, builder);
}

/** The reference reader: one saxes parser on the main thread; its errors are the ones users see. */
export async function readXesSerial(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  const times = new TimestampScanner();
  const warnings: string[] = [];
  const lifecycle = new LifecyclePolicy(opts);
  const { parser, fail } = strictSaxParser(file, 'XES', 'The file may be truncated or not XES; export it again');
  const header = new XesHeaderState();
  const eventDefaults = header.defaults;
  let inTrace = false;
  let inEvent = false;
  /** > 0 while inside an attribute element; its children (lists, nested attributes) are skipped. */
  let attrDepth = 0;
  let traceId: string | undefined;
  /** Events seen before their trace's concept:name (rare: the id usually comes first). */
  let waiting: WaitingEvent[] = [];
  /** The current event's fields: one object for the whole read, not one per event. */
  const ev = new EventFields();
  let evLine = 0;
  let traces = 0;
  const traceIds = new TraceIds();
  /** The current trace's case id (its concept:name, numbered when an earlier trace had it). */
  let traceCase: string | undefined;

  const emit = (caseId: string | undefined, name: string | undefined, lc: string | undefined, rawTime: string | undefined, resource: string | undefined, line: number): void => {
    if (caseId !== undefined) caseId = traceCase ??= traceIds.begin(caseId);
    if (lc === undefined) lc = eventDefaults.get(LIFECYCLE);
    if (!lifecycle.passes(lc)) return;
    let time = NaN;
    if (rawTime !== undefined) {
      time = times.parse(rawTime);
      if (Number.isNaN(time)) {
        throw new LogError(file, `cannot read the date "${rawTime.slice(0, 60)}" of an event`, 'XES dates are ISO 8601, e.g. 2011-10-01T00:38:44.546+02:00', line);
      }
    }
    builder.add(caseId, lifecycle.label(name ?? eventDefaults.get(NAME), lc), time, resource ?? eventDefaults.get(RESOURCE), lc);
  };

  /** Adds the events that waited for the trace id, in file order (or drops them if there is none). */
  const flushWaiting = (): void => {
    for (const e of waiting) emit(traceId, e.name, e.lifecycle, e.time, e.resource, e.line);
    waiting = [];
  };

  const onAttribute = (key: string | undefined, value: string | undefined): void => {
    if (key === undefined || value === undefined) return;
    if (inEvent) {
      ev.take(key, value);
    } else if (inTrace) {
      if (key === NAME) {
        traceId = value;
        if (waiting.length > 0) flushWaiting();
      }
    } else {
      header.attribute(key, value);
    }
  };

  /** The document element's local name, for the message when it is not <log>. */
  let rootName: string | undefined;
  parser.on('opentag', (tag) => {
    rootName ??= tag.name.replace(/^.*:/, '');
    if (attrDepth > 0) {
      attrDepth++;
      return;
    }
    const name = tag.name;
    if (isAttributeElement(name)) {
      attrDepth = 1;
      onAttribute(tag.attributes.key, tag.attributes.value);
      return;
    }
    switch (name) {
      case 'event':
        inEvent = true;
        ev.clear();
        evLine = parser.line;
        break;
      case 'trace':
        inTrace = true;
        traceId = undefined;
        traceCase = undefined;
        traces++;
        break;
      default:
        header.open(name, tag.attributes);
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (attrDepth > 0) {
      attrDepth--;
      return;
    }
    switch (tag.name) {
      case 'event':
        inEvent = false;
        // Events outside a trace have no case; the builder counts them as dropped.
        if (!inTrace) builder.add(undefined, ev.name, NaN);
        else if (traceId !== undefined) emit(traceId, ev.name, ev.lifecycle, ev.time, ev.resource, evLine);
        else waiting.push({ name: ev.name, lifecycle: ev.lifecycle, time: ev.time, resource: ev.resource, line: evLine });
        break;
      case 'trace':
        flushWaiting();
        inTrace = false;
        break;
      default:
        header.close(tag.name);
        break;
    }
  });

  let first = true;
  for await (const text of readTextChunks(file, warnings, opts.signal, opts.maxBytes)) {
    if (first && !/^\s*</.test(text)) fail('this is not XML (it does not start with "<")', 'Is this really an XES file? For CSV use a .csv extension');
    first = false;
    parser.write(text);
  }
  if (first) throw new LogError(file, 'the file is empty', 'Export the log again');
  parser.close();
  if (!header.sawLog) {
    throw new LogError(
      file,
      `the XML has no <log> element, so it is not XES${rootName ? ` (its root is <${rootName}>)` : ''}`,
      rootName === 'definitions'
        ? 'This looks like a BPMN model: open it as a process spec for completion and hints; event logs are CSV, XES or OCEL'
        : 'Check the file; OCEL 2.0 XML is read from .xmlocel files',
    );
  }
  if (traces === 0) warnings.push('the log has no traces');
  const shared = traceIds.note();
  if (shared) warnings.push(shared);
  const note = lifecycle.note();
  if (note) warnings.push(note);
  return { warnings, classifiers: header.classifiers };
}
