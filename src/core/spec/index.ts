/**
 * One entry point for the editor features: which spec format a file is, and its parser.
 * Formats are recognised by file name, so the same rules serve VS Code, the CLI and tests.
 */
import type { SpecFormat, SpecParser } from './types';
import { pspecParser } from './pspec';
import { markdownParser } from './markdown';
import { yamlParser } from './yaml';
import { bpmnParser } from './bpmn';
import { mermaidParser } from './mermaid';

export type { SpecFormat, SpecInsertion, SpecParser, SpecStep } from './types';
export { ActivityMatcher, labelKey, stripMarker } from './normalize';

const PARSERS: Record<SpecFormat, SpecParser> = {
  pspec: pspecParser,
  markdown: markdownParser,
  yaml: yamlParser,
  bpmn: bpmnParser,
  mermaid: mermaidParser,
};

export function parserFor(format: SpecFormat): SpecParser {
  return PARSERS[format];
}

/** The spec format of a file by its name, or undefined when it is not a process spec. */
export function specFormatOf(fileName: string): SpecFormat | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.pspec')) return 'pspec';
  if (name.endsWith('.process.md')) return 'markdown';
  if (name.endsWith('.process.yaml') || name.endsWith('.process.yml')) return 'yaml';
  if (name.endsWith('.bpmn') || name.endsWith('.bpmn20.xml') || name.endsWith('.bpmn.xml')) return 'bpmn';
  if (name.endsWith('.mmd') || name.endsWith('.mermaid')) return 'mermaid';
  return undefined;
}
