/**
 * Labels as people write them ("3.  Check  Documents") versus activities as logs name them
 * ("check documents"): one key function, so matching ignores case, spacing and numbering.
 */

/** Leading list markers: "1.", "1)", "(1)", "12 -", "-", "*", "+", "•", "- [ ]", "step 3:". */
const LEAD = /^\s*(?:(?:[-*+•]\s*(?:\[[ xX]\]\s*)?)|(?:\(?\d+[.)]\)?(?:\s*-)?\s*)|(?:\d+\s+-\s+)|(?:step\s+\d+\s*[:.)-]\s*))/i;

/** Strips one leading bullet or number and surrounding whitespace. */
export function stripMarker(text: string): string {
  return text.replace(LEAD, '').trim();
}

/** Length of the leading marker (including following whitespace), 0 when there is none. */
export function markerLength(text: string): number {
  const m = LEAD.exec(text);
  return m ? m[0].length : 0;
}

/** The comparison key: no marker, lower case, no whitespace or underscores, no wrapping quotes/emphasis. */
export function labelKey(label: string): string {
  return stripMarker(label)
    .replace(/^["'`*_]+|["'`*_]+$/g, '')
    .toLowerCase()
    .replace(/[\s_]+/g, '');
}

/** Maps written labels onto an agent's known activities. */
export class ActivityMatcher {
  private readonly byKey = new Map<string, string>();

  constructor(activities: readonly string[]) {
    for (const a of activities) if (!this.byKey.has(labelKey(a))) this.byKey.set(labelKey(a), a);
  }

  /** The known activity this label means, or undefined when the agent never saw it. */
  match(label: string): string | undefined {
    return this.byKey.get(labelKey(label));
  }

  /** Known activities whose label starts with what was typed (same key rules), in vocabulary order. */
  startingWith(typed: string): string[] {
    const k = labelKey(typed);
    return [...this.byKey.entries()].filter(([key]) => key.startsWith(k)).map(([, a]) => a);
  }

  /** Each label as its known activity where one matches, else as written (BPE agents still use it). */
  canonical(labels: readonly string[]): { steps: string[]; unknown: string[] } {
    const unknown: string[] = [];
    const steps = labels.map((l) => {
      const a = this.match(l);
      if (a === undefined) unknown.push(l);
      return a ?? l;
    });
    return { steps, unknown };
  }
}
