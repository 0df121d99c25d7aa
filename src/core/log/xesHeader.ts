/**
 * What an XES file says before its first trace and after its last: `<log>`, `<global
 * scope="event">` defaults and classifiers. The parallel reader parses header and tail with this
 * on the main thread while workers parse the traces in between.
 */
import { strictSaxParser } from './strictSax';
import { isAttributeElement } from './xesKeys';

export interface XesClassifier {
  name: string;
  keys: string[];
}

/** `keys="concept:name lifecycle:transition"`; keys with spaces are quoted with '. */
export function classifierKeys(keys: string): string[] {
  return [...keys.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** Thrown inside the parallel path to give it up for the serial reader; never escapes readXes. */
export class NotParallel extends Error {}

export interface HeaderParser {
  write(text: string): void;
  close(): void;
  /** `<global scope="event">` attribute values by key. */
  defaults: Map<string, string>;
  classifiers: XesClassifier[];
  sawLog(): boolean;
}

/** Reads header and tail with the serial reader's rules; a trace or event there gives up (NotParallel). */
export function headerParser(file: string): HeaderParser {
  const { parser } = strictSaxParser(file, 'XES', 'The file may be truncated or not XES; export it again');
  const defaults = new Map<string, string>();
  const classifiers: XesClassifier[] = [];
  let sawLog = false;
  let globalScope: string | undefined;
  let attrDepth = 0;
  parser.on('opentag', (tag) => {
    if (attrDepth > 0) {
      attrDepth++;
      return;
    }
    if (isAttributeElement(tag.name)) {
      attrDepth = 1;
      if (globalScope === 'event' && tag.attributes.key !== undefined && tag.attributes.value !== undefined) defaults.set(tag.attributes.key, tag.attributes.value);
      return;
    }
    switch (tag.name) {
      case 'global':
        globalScope = tag.attributes.scope ?? 'event';
        return;
      case 'classifier':
        if (tag.attributes.keys !== undefined) classifiers.push({ name: tag.attributes.name ?? '', keys: classifierKeys(tag.attributes.keys) });
        return;
      case 'log':
        sawLog = true;
        return;
      case 'trace':
      case 'event':
        throw new NotParallel('a trace or event outside the cut body');
      default:
        return;
    }
  });
  parser.on('closetag', (tag) => {
    if (attrDepth > 0) attrDepth--;
    else if (tag.name === 'global') globalScope = undefined;
  });
  return { write: (t) => parser.write(t), close: () => parser.close(), defaults, classifiers, sawLog: () => sawLog };
}

