/**
 * A laid-out map as a standalone SVG file (the CLI's `map --svg`): boxes with the activity and
 * its event count, edges as polylines whose width follows the cases on them. Plain colours,
 * since a file has no VS Code theme; the panel draws its own themed SVG.
 */
import { END_NODE, START_NODE, type LaidOutMap } from './types';

export interface SvgOptions {
  /** Edges between consecutive steps of this path are drawn in the highlight colour. */
  highlight?: readonly string[];
  title?: string;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n1 = (x: number): string => (Math.round(x * 10) / 10).toString();

export function mapToSvg(laid: LaidOutMap, options: SvgOptions = {}): string {
  const maxCases = Math.max(1, ...laid.edges.map((e) => e.cases));
  const onPath = new Set<string>();
  const h = options.highlight ?? [];
  const route = h.length > 0 ? [START_NODE, ...h, END_NODE] : [];
  for (let i = 1; i < route.length; i++) onPath.add(`${route[i - 1]}\u0000${route[i]}`);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${n1(laid.width)}" height="${n1(laid.height)}" viewBox="0 0 ${n1(laid.width)} ${n1(laid.height)}" font-family="sans-serif" font-size="12">`);
  if (options.title) out.push(`<title>${esc(options.title)}</title>`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>');
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  for (const e of laid.edges) {
    if (e.points.length === 0) continue;
    const w = 1 + 5 * Math.sqrt(e.cases / maxCases);
    const hot = onPath.has(`${e.from}\u0000${e.to}`);
    const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n1(p.x)},${n1(p.y)}`).join('');
    out.push(`<path d="${d}" fill="none" stroke="${hot ? '#d9480f' : '#777'}" stroke-width="${n1(w)}" marker-end="url(#arrow)"><title>${esc(e.from)} → ${esc(e.to)}: ${e.count} times in ${e.cases} cases</title></path>`);
    const mid = e.points[Math.floor(e.points.length / 2)];
    out.push(`<text x="${n1(mid.x)}" y="${n1(mid.y - 4)}" text-anchor="middle" fill="#333" font-size="10">${e.count}</text>`);
  }
  for (const n of laid.nodes) {
    if (n.id === START_NODE || n.id === END_NODE) {
      out.push(`<circle cx="${n1(n.x)}" cy="${n1(n.y)}" r="${n1(n.width / 2)}" fill="${n.id === START_NODE ? '#2b8a3e' : '#c92a2a'}"><title>${esc(n.label)}: ${n.cases} cases</title></circle>`);
      continue;
    }
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2;
    out.push(`<g><rect x="${n1(x)}" y="${n1(y)}" width="${n1(n.width)}" height="${n1(n.height)}" rx="6" fill="#e7f5ff" stroke="#1c7ed6"/>`);
    out.push(`<text x="${n1(n.x)}" y="${n1(n.y - 3)}" text-anchor="middle" fill="#000">${esc(n.label.length > 34 ? n.label.slice(0, 33) + '…' : n.label)}</text>`);
    out.push(`<text x="${n1(n.x)}" y="${n1(n.y + 12)}" text-anchor="middle" fill="#555" font-size="10">${n.events}</text><title>${esc(n.label)}: ${n.events} events in ${n.cases} cases</title></g>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
