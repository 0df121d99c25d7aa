/**
 * onnxruntime 1.29+ ships 1DS telemetry on Linux and turns it on: at its first use it writes a device
 * id and a queue of events under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/, leaves
 * /tmp/mat-debug-<pid>.log, and after a few seconds resolves the collector's host. The documented
 * opt-out is ORT_DISABLE_TELEMETRY=1, read from the environment when onnxruntime initialises, so it
 * must be set before the native module loads.
 *
 * Import this module for its side effect, first, in every entry point and in runtime.ts (the one
 * onnxruntime importer). Setting it from the main thread matters: a worker thread's `process.env` is
 * a private copy that native code never sees, so the extension host and the CLI set it before any
 * worker starts, and the worker inherits the real environment.
 */
process.env.ORT_DISABLE_TELEMETRY = '1';

export const TELEMETRY_DISABLED = true;
