/**
 * Control characters never reach the terminal raw: an activity name holding ESC sequences
 * could clear the screen or set the window title when `stats` or `predict` prints it. Every
 * write to stdout and stderr escapes C0 controls (but tab and newline), DEL and C1 controls
 * as `\u001b`-style text, which is also the same character in JSON, so `--json` output keeps
 * its meaning. The progress bar's own redraw codes go through `writeRaw`.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Write = NodeJS.WriteStream['write'];
const originals = new WeakMap<NodeJS.WritableStream, Write>();

/** Escapes every later write to `streams` (the CLI calls this once, first). */
export function installSafeOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const s of streams) {
    if (originals.has(s)) continue;
    const original = s.write.bind(s) as Write;
    originals.set(s, original);
    s.write = ((chunk: unknown, ...rest: unknown[]) => (original as (c: unknown, ...r: unknown[]) => boolean)(typeof chunk === 'string' ? escapeControl(chunk) : chunk, ...rest)) as Write;
  }
}

/** Writes `text` as is: for the CLI's own terminal codes (the progress bar's redraw). */
export function writeRaw(stream: NodeJS.WritableStream, text: string): void {
  const original = originals.get(stream);
  if (original) original(text);
  else stream.write(text);
}
