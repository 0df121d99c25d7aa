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
    if (!this.withLifecycle || name === undefined) return name;
    return `${normaliseLabel(name)}+${normaliseLabel(lifecycle || DEFAULT_TRANSITION)}`;
  }

  note(): string | undefined {
    if (this.keep === undefined) return undefined;
    return `lifecycle filter [${[...this.keep].join(', ')}] removed ${this.filtered} event${this.filtered === 1 ? '' : 's'}`;
  }
}
