/**
 * The one runtime guard for messages from the dashboard webview. The webview is a browser
 * frame and its input is untrusted: anything that is not exactly a known WebviewToHost
 * message, with values in range, is dropped here, so the rest of the host can trust the type.
 * (No `vscode` import, so it is unit-tested in plain Node.)
 */
import type { DashboardSettingKey, WebviewToHost } from '../protocol';

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
    case 'openLog': {
      const { path } = raw;
      const ok = keys.length === 2 && typeof path === 'string' && path.length > 0 && path.length < 4096 && !path.includes('\0');
      return ok ? { type: 'openLog', path } : undefined;
    }
    default:
      return undefined;
  }
}
