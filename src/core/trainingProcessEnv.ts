/**
 * The environment the training process runs with. A training step of a mid-sized model (13.9 M
 * parameters, issue 15's config C) makes onnxruntime allocate and free tensors the size of θ, m
 * and v ([N] floats, 55 MB each) on every run. glibc serves any request above its mmap threshold
 * (at most 32 MB, and a request equal to the last freed size still qualifies) with a fresh mmap,
 * and frees it with munmap, so each step faulted in 167 MB of new pages: 40,700 minor page faults
 * and 0.3–0.6 s of kernel time in a 1.9–2.1 s step. With the threshold and the trim threshold set
 * high, freed memory stays in the heap and is reused: 40 faults a step, 1.30–1.37 s (measured
 * quiet, test/bench/train.bench.ts prints both). glibc reads these variables only when the process
 * starts, which is why training runs in its own process (workerClient.ts) rather than a thread of
 * the extension host, whose heap would then never shrink either; the training process exits when
 * its run ends and gives the memory back.
 *
 * Values the user set are kept. Other C libraries ignore the variables.
 */
export const TRAINING_ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: '4294967296',
  MALLOC_TRIM_THRESHOLD_: '4294967296',
};

/** `base` plus the allocator settings (where not set already) and the telemetry opt-out. */
export function trainingProcessEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ORT_DISABLE_TELEMETRY: '1' };
  for (const [k, v] of Object.entries(TRAINING_ALLOCATOR_ENV)) env[k] ??= v;
  // Inside VS Code's desktop extension host, process.execPath is Electron: run it as Node.
  if (process.versions.electron !== undefined) env.ELECTRON_RUN_AS_NODE = '1';
  return env;
}
