/**
 * The Process Map panel's one drawing path. `render(state)` redraws everything from a full
 * snapshot; a slider move asks the host for a new layout and redraws only the map when it comes
 * (one request in flight, the latest slider position sent next, so a fast drag never queues up).
 * The redraw time (slider input to the frame after drawing) is kept on the SVG as data
 * attributes, for the e2e test and for anyone looking. After each change the person's choices
 * (log, sliders, mode, variant, selected candidate) are remembered for a window reload.
 */
import type { LaidOutMap } from '../../src/core/insight/types';
import { END_NODE, START_NODE } from '../../src/core/insight/types';
import type { HostToMap, MapMode, MapPanelMemory, MapPanelState, MapToHost } from '../../src/protocol';
import { byId, h } from '../dom';
import { drawMap, type Marks } from './mapView';
import { count, pairKey, pairsOf } from './scales';
import { candidatesView, criticalView, specView, variantsView } from './sideLists';
import { ZoomPan } from './zoomPan';

type Post = (m: MapToHost) => void;
type Remember = (m: MapPanelMemory) => void;

export class PanelView {
  private state: MapPanelState | undefined;
  private selected: number | undefined;
  private readonly svg = byId('map') as unknown as SVGSVGElement;
  private readonly zoom = new ZoomPan(this.svg);
  private seq = 0;
  /** The latest request (its seq and when the slider moved), whether it got an answer yet, and whether a newer position waits. */
  private inFlight: { seq: number; t0: number } | undefined;
  private latest: { seq: number; t0: number } | undefined;
  private queued = false;
  /** The candidate selected before a window reload (by its steps), until the insights come back. */
  private wantedSelection: { log: string; steps: string[] } | undefined;

  constructor(private readonly post: Post, private readonly remember: Remember, kept: unknown) {
    const k = kept as Partial<MapPanelMemory> | undefined;
    // The host checks the same memory with parseMapMemory; here only the selection is read from it.
    if (k && typeof k.log === 'string' && Array.isArray(k.selectedSteps)) this.wantedSelection = { log: k.log, steps: k.selectedSteps.map(String) };
    for (const mode of ['frequency', 'performance'] as const) {
      byId(`mode-${mode}`).addEventListener('click', () => this.setMode(mode));
    }
    for (const id of ['activities', 'paths']) {
      const input = byId<HTMLInputElement>(`slider-${id}`);
      input.addEventListener('input', () => {
        byId(`value-${id}`).textContent = `${input.value}%`;
        this.requestLayout();
      });
    }
    byId('fit').addEventListener('click', () => this.zoom.fit());
    const select = byId<HTMLSelectElement>('log-select');
    select.addEventListener('change', () => post({ type: 'chooseLog', path: select.value }));
  }

  handle(m: HostToMap): void {
    switch (m.type) {
      case 'state':
        this.render(m.state);
        return;
      case 'layout':
        this.layoutArrived(m.seq, m.map, m.hostMs, m.provisional === true);
        return;
      default: {
        const never: never = m;
        console.warn('unknown message', never);
      }
    }
  }

  private sliders(): { activities: number; paths: number } {
    const v = (id: string) => Number(byId<HTMLInputElement>(`slider-${id}`).value) / 100;
    return { activities: v('activities'), paths: v('paths') };
  }

  private requestLayout(): void {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    const seq = ++this.seq;
    this.inFlight = this.latest = { seq, t0: performance.now() };
    this.post({ type: 'setAbstraction', seq, ...this.sliders() });
  }

  /**
   * Draws an answer to the latest request (older ones are dropped). The first answer to a
   * request, provisional or not, frees the slider for the next request; the times of the first
   * redraw and of the final layout's redraw are kept on the SVG.
   */
  private layoutArrived(seq: number, map: LaidOutMap, hostMs: number, provisional: boolean): void {
    const req = this.latest;
    if (!req || req.seq !== seq || !this.state) return;
    const first = this.inFlight?.seq === seq;
    this.inFlight = undefined;
    this.state = { ...this.state, map, abstraction: this.sliders() };
    const t1 = performance.now();
    this.drawMap(true);
    const drawMs = performance.now() - t1;
    requestAnimationFrame(() => {
      const ms = performance.now() - req.t0;
      const d = this.svg.dataset;
      if (first) {
        d.seq = String(seq);
        d.redrawMs = ms.toFixed(1);
        d.drawMs = drawMs.toFixed(1);
        d.provisional = String(provisional);
      }
      if (!provisional) {
        d.finalSeq = String(seq);
        d.finalMs = ms.toFixed(1);
        d.hostMs = hostMs.toFixed(1);
        byId('stats').title = `last slider move: redrawn after ${d.redrawMs} ms${d.provisional === 'true' ? ' at the old positions' : ''}, laid out after ${ms.toFixed(0)} ms (host ${hostMs.toFixed(0)} ms, drawing ${drawMs.toFixed(0)} ms)`;
      }
    });
    if (this.queued) {
      this.queued = false;
      this.requestLayout();
    }
    this.keep();
  }

  private setMode(mode: MapMode): void {
    if (!this.state || this.state.mode === mode) return;
    this.state = { ...this.state, mode };
    this.post({ type: 'setMode', mode });
    this.renderToolbar();
    this.drawMap(true);
    this.keep();
  }

  private select(index: number): void {
    this.selected = this.selected === index ? undefined : index;
    this.wantedSelection = undefined;
    this.renderSide();
    this.drawMap(true);
    this.keep();
  }

  /** Remembers the person's choices (only once a log is shown: a page still reading keeps the last). */
  private keep(): void {
    const st = this.state;
    if (!st?.log) return;
    const steps = this.selected === undefined ? this.wantedSelection?.steps : st.insights?.automationCandidates[this.selected]?.steps;
    this.remember({
      log: st.log,
      abstraction: { ...st.abstraction },
      mode: st.mode,
      ...(st.variant !== undefined ? { variant: st.variant } : {}),
      ...(steps ? { selectedSteps: [...steps] } : {}),
    });
  }

  private marks(): Marks {
    const st = this.state!;
    const cp = st.insights?.criticalPath.steps ?? [];
    const cand = this.selected === undefined ? undefined : st.insights?.automationCandidates[this.selected];
    const notInSpec = new Set((st.spec?.overlay.logTransitionsNotInSpec ?? []).map((t) => pairKey(t.from, t.to)));
    return {
      mode: st.mode,
      critical: cp.length > 0 ? pairsOf([START_NODE, ...cp, END_NODE]) : new Set(),
      criticalNodes: new Set(cp),
      highlight: cand ? pairsOf(cand.steps) : new Set(),
      highlightNodes: new Set(cand?.steps ?? []),
      notInSpec,
    };
  }

  private drawMap(keepView: boolean): void {
    const map = this.state?.map;
    if (!map) {
      this.svg.replaceChildren();
      return;
    }
    const drawn = drawMap(this.svg, map, this.marks());
    this.svg.dataset.nodes = String(map.nodes.length);
    this.svg.dataset.edges = String(map.edges.length);
    this.svg.dataset.elements = String(drawn);
    this.zoom.setContent(map.width, map.height, keepView);
    const hidden = map.nodes.length - 2;
    byId('stats').textContent = `${count(map.totalCases)} cases · ${count(map.totalEvents)} events · ${hidden} activities, ${map.edges.filter((e) => e.count > 0).length} paths shown`;
  }

  private renderToolbar(): void {
    const st = this.state!;
    for (const mode of ['frequency', 'performance'] as const) byId(`mode-${mode}`).setAttribute('aria-pressed', String(st.mode === mode));
    const spec = st.spec ? ` Dashed: in ${st.spec.name} only; blue: frequent in the log, not in it.` : '';
    byId('legend').textContent = st.mode === 'frequency'
      ? `Edge width and numbers: cases. Purple: critical path.${spec}`
      : `Edge colour and numbers: median wait (blue short … red long). Purple outline: critical path.${st.spec ? ` Dashed: in ${st.spec.name} only.` : ''}`;
    const select = byId<HTMLSelectElement>('log-select');
    select.replaceChildren(...st.logs.map((l) => h('option', { value: l, selected: l === st.log }, l)));
    if (st.log && !st.logs.includes(st.log)) select.append(h('option', { value: st.log, selected: true }, st.log));
  }

  private renderSide(): void {
    const st = this.state!;
    const pending = st.insightsPending === true;
    byId('critical').replaceChildren(criticalView(st.insights, pending));
    byId('candidates').replaceChildren(candidatesView(st.insights, pending, this.selected, (i) => this.select(i), this.post));
    byId('variants').replaceChildren(variantsView(st.insights, st.variant, this.post));
    const spec = specView(st.spec);
    byId('spec-section').hidden = !spec;
    byId('spec').replaceChildren(...(spec ? [spec] : []));
  }

  render(state: MapPanelState): void {
    const sameLog = this.state?.log === state.log;
    if (!sameLog || (this.selected !== undefined && !state.insights?.automationCandidates[this.selected])) this.selected = undefined;
    const wanted = this.wantedSelection;
    if (wanted && state.insights) {
      this.wantedSelection = undefined;
      const i = state.log === wanted.log ? state.insights.automationCandidates.findIndex((c) => JSON.stringify(c.steps) === JSON.stringify(wanted.steps)) : -1;
      if (i >= 0) this.selected = i;
    }
    this.state = state;
    // A full state carries the host's slider positions; a drag in progress keeps the person's.
    if (!this.inFlight && (!this.latest || this.svg.dataset.finalSeq === String(this.latest.seq))) {
      for (const id of ['activities', 'paths'] as const) {
        const v = Math.round(100 * state.abstraction[id]);
        byId<HTMLInputElement>(`slider-${id}`).value = String(v);
        byId(`value-${id}`).textContent = `${v}%`;
      }
    }
    const notice = byId('notice');
    notice.textContent = state.notice ?? (state.trusted ? '' : 'Restricted Mode: the Process Map does not read logs here.');
    notice.hidden = notice.textContent === '';
    this.renderToolbar();
    this.renderSide();
    this.drawMap(sameLog);
    this.keep();
  }
}
