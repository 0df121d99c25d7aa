/**
 * What every spec parser produces, whatever the file format: the steps a person wrote (for
 * hover and hints) and, at a cursor, the steps that come before it plus where a completion goes.
 * Positions are 0-based lines and UTF-16 columns, like VS Code's, so the editor layer maps
 * them 1:1 without knowing the format.
 */

export type SpecFormat = 'pspec' | 'markdown' | 'yaml' | 'bpmn' | 'mermaid';

export interface SpecStep {
  /** The label as written, with numbering, bullets and quotes removed. */
  label: string;
  line: number;
  /** Column range of the label on `line`. */
  start: number;
  end: number;
  /** Labels of the steps that lead to this one, in process order (nearest last). */
  before: string[];
}

export interface SpecInsertion {
  /** Labels of the steps before the cursor, in process order. */
  before: string[];
  line: number;
  /** Column where the step label begins (the cursor minus what was already typed). */
  start: number;
  /** What the person has already typed of the step at the cursor; may be empty. */
  typed: string;
  /** Text to put before the label when the step starts from nothing, e.g. "3. " or "- ". */
  lead: string;
  /** Text to put after the label, e.g. "]" closing a Mermaid node. */
  trail: string;
}

export interface SpecParser {
  /** Every step in the document, in document order. */
  steps(text: string): SpecStep[];
  /** The insertion point at the cursor, or undefined when the cursor is not where a step goes. */
  insertionAt(text: string, line: number, character: number): SpecInsertion | undefined;
}
