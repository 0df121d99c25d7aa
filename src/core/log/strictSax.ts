/**
 * The one way the XML readers (XES, OCEL XML) make their saxes parser: DTDs are never
 * processed (a DOCTYPE that declares entities is refused, and saxes does not expand entities
 * it was not given, so "billion laughs" cannot grow), and every XML error becomes a
 * `LogError` naming the file, line and column.
 */
import { SaxesParser } from 'saxes';
import { LogError } from './types';

export interface StrictSax {
  parser: SaxesParser;
  /** Throws a `LogError` at the parser's current line and column. */
  fail: (problem: string, hint: string) => never;
}

/** `format` names the file kind in the DOCTYPE hint; `brokenHint` says what to do about malformed XML. */
export function strictSaxParser(file: string, format: string, brokenHint: string): StrictSax {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const fail = (problem: string, hint: string): never => {
    throw new LogError(file, problem, hint, parser.line, parser.column);
  };
  parser.on('doctype', (doctype: string) => {
    if (/<!ENTITY/i.test(doctype)) fail('the file declares XML entities in a DOCTYPE, which are not expanded for safety', `${format} needs no DOCTYPE; remove the <!DOCTYPE …> block`);
  });
  parser.on('error', (err: Error) => {
    fail(`the XML is not well-formed: ${err.message.replace(/^.*?:\d+:\d+: /, '')}`, brokenHint);
  });
  return { parser, fail };
}
