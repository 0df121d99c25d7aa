/**
 * Zoom (wheel, around the pointer) and pan (drag) of an SVG by its viewBox, so strokes and
 * text stay crisp at every scale. `fit` shows the whole map; a new layout keeps the person's
 * view once they have zoomed or panned, else it fits again.
 */
interface Box { x: number; y: number; w: number; h: number }

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;
const MARGIN = 24;
/** Below this scale labels cannot be read: a new map opens at least this large, from its start, and Fit shows all. */
const READABLE_SCALE = 0.6;

export class ZoomPan {
  private box: Box = { x: 0, y: 0, w: 100, h: 100 };
  private content: Box = { x: 0, y: 0, w: 100, h: 100 };
  /** True once the person zoomed or panned: relayouts then keep the view. */
  private moved = false;
  /** The minScale of the last fit, so a resize repeats the same kind of view. */
  private lastMin = READABLE_SCALE;
  private drag: { id: number; x: number; y: number; box: Box } | undefined;

  constructor(private readonly svg: SVGSVGElement) {
    svg.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    svg.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || (e.target as Element).closest('.node, .edge')) return;
      this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, box: { ...this.box } };
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('panning');
    });
    svg.addEventListener('pointermove', (e) => {
      if (!this.drag || e.pointerId !== this.drag.id) return;
      const k = this.unitsPerPixel();
      this.set({ ...this.drag.box, x: this.drag.box.x - (e.clientX - this.drag.x) * k, y: this.drag.box.y - (e.clientY - this.drag.y) * k });
      this.moved = true;
    });
    const end = (e: PointerEvent) => {
      if (this.drag?.id !== e.pointerId) return;
      this.drag = undefined;
      svg.classList.remove('panning');
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    new ResizeObserver(() => (this.moved ? this.set(this.box) : this.fit(this.lastMin))).observe(svg);
  }

  /** The drawn map's extent; fits unless the person has moved the view. */
  setContent(width: number, height: number, keepView: boolean): void {
    this.content = { x: -MARGIN, y: -MARGIN, w: Math.max(1, width) + 2 * MARGIN, h: Math.max(1, height) + 2 * MARGIN };
    if (keepView && this.moved) this.set(this.box);
    else this.fit(READABLE_SCALE);
  }

  /**
   * Shows the whole map, never blown up past 1:1 (text would be huge). With `minScale`, a map
   * too wide to read at full view is shown at that scale from its left end (where cases start).
   */
  fit(minScale = 0): void {
    this.moved = false;
    this.lastMin = minScale;
    const { width, height } = this.size();
    const k = Math.max(this.content.w / width, this.content.h / height, 1);
    if (minScale > 0 && 1 / k < minScale) {
      const w = width / minScale;
      const h = height / minScale;
      this.set({ x: this.content.x, y: this.content.y + (this.content.h - h) / 2, w, h });
      return;
    }
    const w = width * k;
    const h = height * k;
    this.set({ x: this.content.x - (w - this.content.w) / 2, y: this.content.y - (h - this.content.h) / 2, w, h });
  }

  /** Current scale: screen pixels per map unit. */
  scale(): number {
    return this.size().width / this.box.w;
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const factor = Math.exp(e.deltaY * 0.0015);
    const { width } = this.size();
    const next = Math.min(1 / MIN_SCALE, Math.max(1 / MAX_SCALE, (this.box.w * factor) / width));
    const w = next * width;
    const h = (this.box.h / this.box.w) * w;
    const rect = this.svg.getBoundingClientRect();
    const px = (e.clientX - rect.left) / rect.width;
    const py = (e.clientY - rect.top) / rect.height;
    this.set({ x: this.box.x + (this.box.w - w) * px, y: this.box.y + (this.box.h - h) * py, w, h });
    this.moved = true;
  }

  private unitsPerPixel(): number {
    return this.box.w / this.size().width;
  }

  private size(): { width: number; height: number } {
    const r = this.svg.getBoundingClientRect();
    return { width: Math.max(1, r.width), height: Math.max(1, r.height) };
  }

  private set(b: Box): void {
    const { width, height } = this.size();
    // Keep the aspect ratio of the element, so nothing is stretched.
    const h = (b.w * height) / width;
    this.box = { x: b.x, y: b.y + (b.h - h) / 2, w: b.w, h };
    this.svg.setAttribute('viewBox', `${this.box.x} ${this.box.y} ${this.box.w} ${this.box.h}`);
  }
}
