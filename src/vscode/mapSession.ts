/**
 * One log shown in the Process Map panel: its cases, the sliders, the variant filter, the mode,
 * the open spec, and the insights once computed. It turns those into the laid-out map and the
 * panel's state. No `vscode` import: the panel feeds it, and unit tests drive it directly.
 */
import { performance } from 'node:perf_hooks';
import type { Case } from '../core/log/types';
import { layoutMap } from '../core/insight/layout';
import { processMap } from '../core/insight/processMap';
import { compareSpec } from '../core/insight/specOverlay';
import type { AutomationCandidate, Insights, LaidOutMap, ProcessMap, SpecOverlay } from '../core/insight/types';
import type { MapMode, MapPanelMemory, MapPanelState } from '../protocol';
import { activitiesOf, casesOfVariant, DEFAULT_ABSTRACTION, fraction, reuseLayout, withSpecOverlay } from './mapModel';

/** A spec as the panel lays it over the log: its name and its steps (already matched to the log's names). */
export interface OpenSpec {
  name: string;
  steps: string[];
}

const RECENT_LAYOUTS = 32;

export class MapSession {
  abstraction = { ...DEFAULT_ABSTRACTION };
  mode: MapMode = 'frequency';
  variant: number | undefined;
  insights: Insights | undefined;
  insightsPending = false;
  /** A variant filter remembered across a window reload: applied once the insights (whose index it is) arrive. */
  private wantedVariant: number | undefined;
  private spec: { name: string; overlay: SpecOverlay } | undefined;
  private laidOut: LaidOutMap | undefined;
  /** The map for the current inputs before layout (kept between quickLayout and layout). */
  private raw: ProcessMap | undefined;
  /** The last map laid out for real: a provisional redraw reuses its positions. */
  private lastLaidOut: LaidOutMap | undefined;
  /**
   * Recent layouts by their inputs: a slider dragged back to a position it passed is redrawn
   * without a new layout (the layout dominates a slider move's time). Cleared when the spec changes.
   */
  private readonly recent = new Map<string, LaidOutMap>();
  /** The log's distinct activities, for matching spec labels to them. */
  readonly activities: string[];

  constructor(
    /** Workspace-relative path, as listed. */
    readonly log: string,
    readonly cases: readonly Case[],
  ) {
    this.activities = activitiesOf(cases);
  }

  private invalidate(): void {
    this.laidOut = undefined;
    this.raw = undefined;
  }

  setAbstraction(activities: number, paths: number): void {
    this.abstraction = { activities: fraction(activities, this.abstraction.activities), paths: fraction(paths, this.abstraction.paths) };
    this.invalidate();
  }

  /** Filters to one variant of `insights.variants` (undefined or out of range: all cases). */
  setVariant(index: number | undefined): void {
    this.variant = index !== undefined && this.insights && index < this.insights.variants.length ? index : undefined;
    this.invalidate();
  }

  /** The spec laid over the log, or undefined to remove it (a spec with no steps shows nothing). */
  setSpec(spec: OpenSpec | undefined): void {
    this.spec = spec && spec.steps.length > 0 ? { name: spec.name, overlay: compareSpec(spec.steps, this.cases) } : undefined;
    this.invalidate();
    this.recent.clear();
  }

  setInsights(insights: Insights | undefined): void {
    this.insights = insights;
    this.insightsPending = false;
    this.recent.clear();
    // Variant indexes refer to the insights they came from: only a remembered one carries over.
    const wanted = this.wantedVariant;
    this.wantedVariant = undefined;
    if (this.variant !== undefined || wanted !== undefined) this.setVariant(wanted);
  }

  /** Takes back the sliders, mode and variant filter the panel had before a window reload. */
  restore(memory: MapPanelMemory): void {
    this.setAbstraction(memory.abstraction.activities, memory.abstraction.paths);
    this.mode = memory.mode;
    if (this.insights) this.setVariant(memory.variant);
    else this.wantedVariant = memory.variant;
  }

  candidate(index: number): AutomationCandidate | undefined {
    return this.insights?.automationCandidates[index];
  }

  /** The cases the map is drawn from: all, or one variant's. */
  private shownCases(): readonly Case[] {
    const v = this.variant === undefined ? undefined : this.insights?.variants[this.variant];
    return v ? casesOfVariant(this.cases, v.steps) : this.cases;
  }

  private key(): string {
    return `${this.variant ?? ''}|${this.abstraction.activities}|${this.abstraction.paths}`;
  }

  private rawMap(): ProcessMap {
    if (!this.raw) {
      const map = processMap(this.shownCases(), this.abstraction);
      this.raw = this.spec ? withSpecOverlay(map, this.spec.overlay) : map;
    }
    return this.raw;
  }

  /** True when `layout()` would answer from a cache, without laying out. */
  hasLayout(): boolean {
    return this.laidOut !== undefined || this.recent.has(this.key());
  }

  /**
   * The current map at the last layout's positions, when every node has one (a slider moved
   * down, or along the paths): cheap, so the panel redraws before `layout()` has run.
   */
  quickLayout(): { map: LaidOutMap; hostMs: number } | undefined {
    const t0 = performance.now();
    const quick = this.lastLaidOut && reuseLayout(this.rawMap(), this.lastLaidOut);
    return quick && { map: quick, hostMs: performance.now() - t0 };
  }

  /** The laid-out map for the current sliders, filter and spec, and how long the host took for it. */
  layout(): { map: LaidOutMap; hostMs: number } {
    const t0 = performance.now();
    if (!this.laidOut) {
      const key = this.key();
      const laidOut = this.recent.get(key) ?? layoutMap(this.rawMap());
      this.recent.delete(key);
      this.recent.set(key, laidOut);
      if (this.recent.size > RECENT_LAYOUTS) this.recent.delete(this.recent.keys().next().value as string);
      this.laidOut = laidOut;
    }
    this.lastLaidOut = this.laidOut;
    return { map: this.laidOut, hostMs: performance.now() - t0 };
  }

  /** The panel's full state (without the list of workspace logs, which the panel adds). */
  state(): Omit<MapPanelState, 'trusted' | 'logs'> {
    return {
      log: this.log,
      abstraction: { ...this.abstraction },
      mode: this.mode,
      ...(this.variant !== undefined ? { variant: this.variant } : {}),
      map: this.layout().map,
      ...(this.insights ? { insights: this.insights } : {}),
      ...(this.insightsPending ? { insightsPending: true } : {}),
      ...(this.spec ? { spec: this.spec } : {}),
    };
  }
}
