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

/**
 * `<log>`, `<global scope="event">` defaults and `<classifier>`s as elements stream by: the one
 * place the serial reader and the parallel reader's header parser read them.
 */
export class XesHeaderState {
  /** `<global scope="event">` attribute values by key. */
  readonly defaults = new Map<string, string>();
  readonly classifiers: XesClassifier[] = [];
  sawLog = false;
  private globalScope: string | undefined;

  /** An element that is not an attribute; false when it is not a header element (trace, event, …). */
  open(name: string, attributes: Record<string, string>): boolean {
    switch (name) {
      case 'global':
        this.globalScope = attributes.scope ?? 'event';
        return true;
      case 'classifier':
        if (attributes.keys !== undefined) this.classifiers.push({ name: attributes.name ?? '', keys: classifierKeys(attributes.keys) });
        return true;
      case 'log':
        this.sawLog = true;
        return true;
      default:
        return false;
    }
  }

  close(name: string): void {
    if (name === 'global') this.globalScope = undefined;
  }

  /** An attribute element outside any trace: a default when inside `<global scope="event">`. */
  attribute(key: string, value: string): void {
    if (this.globalScope === 'event') this.defaults.set(key, value);
  }
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
  const header = new XesHeaderState();
  let attrDepth = 0;
  parser.on('opentag', (tag) => {
    if (attrDepth > 0) {
      attrDepth++;
      return;
    }
    if (isAttributeElement(tag.name)) {
      attrDepth = 1;
      if (tag.attributes.key !== undefined && tag.attributes.value !== undefined) header.attribute(tag.attributes.key, tag.attributes.value);
      return;
    }
    if (tag.name === 'trace' || tag.name === 'event') throw new NotParallel('a trace or event outside the cut body');
    header.open(tag.name, tag.attributes);
  });
  parser.on('closetag', (tag) => {
    if (attrDepth > 0) attrDepth--;
    else header.close(tag.name);
  });
  return { write: (t) => parser.write(t), close: () => parser.close(), defaults: header.defaults, classifiers: header.classifiers, sawLog: () => header.sawLog };
}

