/**
 * The two activity classifiers and the lifecycle filter, shared by the XES and CSV readers.
 */
import { normaliseLabel } from './cases';
import type { ReadOptions } from './types';

/** XES's implied lifecycle when an event has none. */
const DEFAULT_TRANSITION = 'complete';

export class LifecyclePolicy {
  private readonly keep: Set<string> | undefined;
  readonly withLifecycle: boolean;
  /** Events removed by the filter, reported as a note rather than a warning. */
  filtered = 0;
  /** Transitions of the events labelled by name alone: more than one means `name` merges them. */
  private readonly transitions = new Set<string>();
  private lastTransition: string | undefined = '\u0000';

  constructor(opts: ReadOptions) {
    this.withLifecycle = opts.classifier === 'name+lifecycle';
    this.keep = opts.lifecycleFilter && opts.lifecycleFilter.length > 0 ? new Set(opts.lifecycleFilter.map((l) => l.trim().toLowerCase())) : undefined;
  }

  /** Whether an event with this transition passes the filter (no transition counts as "complete"). */
  passes(lifecycle: string | undefined): boolean {
    if (this.keep === undefined) return true;
    const ok = this.keep.has((lifecycle || DEFAULT_TRANSITION).toLowerCase());
    if (!ok) this.filtered++;
    return ok;
  }

  /** The activity label under the chosen classifier ("name" or "name+lifecycle"). */
  label(name: string | undefined, lifecycle: string | undefined): string | undefined {
    if (!this.withLifecycle) {
      // One string comparison per event: transitions repeat (interned), the Set sees few values.
      if (lifecycle !== this.lastTransition) {
        this.lastTransition = lifecycle;
        this.transitions.add((lifecycle || DEFAULT_TRANSITION).toLowerCase());
      }
      return name;
    }
    if (name === undefined) return name;
    return `${normaliseLabel(name)}+${normaliseLabel(lifecycle || DEFAULT_TRANSITION)}`;
  }

  /**
   * When events carry several lifecycle transitions and the classifier is `name`, "start" and
   * "complete" of one task read as the same activity (one public log: 4 activities by name, 13 by
   * name+lifecycle): say so, and name the flags.
   */
  classifierHint(): string | undefined {
    if (this.withLifecycle || this.transitions.size < 2) return undefined;
    const list = [...this.transitions].slice(0, 6).join(', ');
    return `the events carry ${this.transitions.size} lifecycle transitions (${list}) and the activity is the name alone, which merges them; use --classifier name+lifecycle for distinct activities, or --lifecycle complete to keep one transition`;
  }

  note(): string | undefined {
    if (this.keep === undefined) return this.classifierHint();
    return `lifecycle filter [${[...this.keep].join(', ')}] removed ${this.filtered} event${this.filtered === 1 ? '' : 's'}`;
  }
}
