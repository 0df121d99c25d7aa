/**
 * The one runtime guard for messages from the webviews (the dashboard and the Process Map panel). The webview is a browser
 * frame and its input is untrusted: anything that is not exactly a known WebviewToHost
 * message, with values in range, is dropped here, so the rest of the host can trust the type.
 * (No `vscode` import, so it is unit-tested in plain Node.)
 */
import type { DashboardSettingKey, MapPanelMemory, MapToHost, WebviewToHost } from '../protocol';

const SIMPLE = new Set(['ready', 'train', 'stop', 'evaluate', 'refreshLogs']);

/** Valid values per dashboard setting; the same ranges as the `processAgent.*` settings schema. */
const SETTING_CHECKS: Record<DashboardSettingKey, (v: unknown) => boolean> = {
  preset: (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v),
  epochs: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1000,
  learningRate: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1,
  batchSize: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 4096,
  device: (v) => v === 'auto' || v === 'cuda' || v === 'cpu',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The message as a WebviewToHost, or undefined when it is not one (never throws). */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const keys = Object.keys(raw);
  if (SIMPLE.has(raw.type)) return keys.length === 1 ? ({ type: raw.type } as WebviewToHost) : undefined;
  switch (raw.type) {
    case 'setSetting': {
      const { key, value } = raw;
      if (keys.length !== 3 || typeof key !== 'string' || !Object.hasOwn(SETTING_CHECKS, key)) return undefined;
      const k = key as DashboardSettingKey;
      return SETTING_CHECKS[k](value) ? { type: 'setSetting', key: k, value: value as string | number } : undefined;
    }
    case 'openLog':
    case 'showMap':
      return keys.length === 2 && isPath(raw.path) ? { type: raw.type, path: raw.path } : undefined;
    default:
      return undefined;
  }
}

function isPath(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length < 4096 && !v.includes('\0');
}

const isFraction = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1_000_000;

/** A Process Map panel message as a MapToHost, or undefined when it is not one (never throws). */
export function parseMapMessage(raw: unknown): MapToHost | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const n = Object.keys(raw).length;
  switch (raw.type) {
    case 'ready':
      return n === 1 ? { type: 'ready' } : undefined;
    case 'setAbstraction': {
      const { seq, activities, paths } = raw;
      return n === 4 && isIndex(seq) && isFraction(activities) && isFraction(paths) ? { type: 'setAbstraction', seq, activities, paths } : undefined;
    }
    case 'setMode':
      return n === 2 && (raw.mode === 'frequency' || raw.mode === 'performance') ? { type: 'setMode', mode: raw.mode } : undefined;
    case 'filterVariant':
      return n === 2 && (raw.index === null || isIndex(raw.index)) ? { type: 'filterVariant', index: raw.index } : undefined;
    case 'openCandidateAsSpec':
    case 'exportCandidateBpmn':
      return n === 2 && isIndex(raw.index) ? { type: raw.type, index: raw.index } : undefined;
    case 'chooseLog':
      return n === 2 && isPath(raw.path) ? { type: 'chooseLog', path: raw.path } : undefined;
    default:
      return undefined;
  }
}

/** The Process Map panel's remembered state (from a window reload), or undefined when it is not one (never throws). */
export function parseMapMemory(raw: unknown): MapPanelMemory | undefined {
  if (!isRecord(raw) || !isRecord(raw.abstraction)) return undefined;
  const { activities, paths } = raw.abstraction;
  if (!isFraction(activities) || !isFraction(paths) || (raw.mode !== 'frequency' && raw.mode !== 'performance')) return undefined;
  const out: MapPanelMemory = { abstraction: { activities, paths }, mode: raw.mode };
  if (isPath(raw.log)) out.log = raw.log;
  if (isIndex(raw.variant)) out.variant = raw.variant;
  const steps = raw.selectedSteps;
  if (Array.isArray(steps) && steps.length > 0 && steps.length < 1000 && steps.every((x) => typeof x === 'string')) out.selectedSteps = steps as string[];
  return out;
}
