/**
 * The worker_threads entry point for training (bundled to dist/worker.js). It runs one training
 * request, streams progress (throttled, so the host's event loop never drowns), and honours
 * pause/resume/cancel between steps. See src/protocol.ts for the messages.
 */
// First, before anything can load onnxruntime: see core/noTelemetry.ts.
import '../core/noTelemetry';
import { parentPort } from 'node:worker_threads';
import { setPriority } from 'node:os';
import type { HostToWorker, WorkerToHost } from '../protocol';
import type { RunEvent } from '../core/train/types';
import { PauseGate, PAUSED_MESSAGE } from '../core/train/pauseGate';
import { trainAgent } from '../core/agent/trainer';
import { searchHyperparameters } from '../core/agent/search';

const port = parentPort;
if (!port) throw new Error('trainWorker must run inside a worker thread');

/**
 * Training shares the cores with the editor's UI thread. On Linux, setpriority(0) applies to the
 * calling thread only, and the threads it creates later (onnxruntime's intra-op pool) inherit the
 * value, so lowering this worker's priority keeps the extension host's event loop responsive on a
 * 2-core machine without slowing training when the cores are otherwise idle. Elsewhere the call
 * would lower the whole extension host, so it is skipped there.
 */
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // Not permitted in some sandboxes: training still works at normal priority.
  }
}

const gate = new PauseGate();
// Posted after the last step's progress, so the host knows no step runs until it resumes.
gate.onHold = () => post({ type: 'log', level: 'info', message: PAUSED_MESSAGE });
const controller = new AbortController();
let started = false;

function post(message: WorkerToHost): void {
  port!.postMessage(message);
}

/**
 * Forwards the run's events; of the progress events at most one plain step per interval goes
 * through, while phase changes and validations always do.
 */
function throttled(intervalMs: number): (event: RunEvent) => void {
  let last = 0;
  let lastPhase = '';
  return (event) => {
    if (event.type !== 'progress') return post(event);
    const p = event.progress;
    const now = Date.now();
    if (p.validation || p.phase !== lastPhase || p.step === p.totalSteps || now - last >= intervalMs) {
      last = now;
      lastPhase = p.phase;
      post(event);
    }
  };
}

async function run(message: Extract<HostToWorker, { type: 'train' }>): Promise<void> {
  const { result, report } = await trainAgent(
    { logs: message.logs, agentDir: message.agentDir, config: message.config, fineTune: message.fineTune, read: message.read, protocol: message.protocol },
    {
      onEvent: throttled(100),
      signal: controller.signal,
      gate,
    },
  );
  post({ type: 'done', result, report });
}

async function search(message: Extract<HostToWorker, { type: 'search' }>): Promise<void> {
  const { type: _type, ...request } = message;
  const found = await searchHyperparameters(request, {
    onEvent: throttled(100),
    signal: controller.signal,
    gate,
  });
  post({ type: 'searched', best: found.best, bestValidationAccuracy: found.bestValidationAccuracy, stoppedByBudget: found.stoppedByBudget, table: found.table, report: found.report });
}

port.on('message', (message: HostToWorker) => {
  switch (message.type) {
    case 'train':
    case 'search':
      if (started) {
        post({ type: 'error', message: 'this worker already ran a request; start a new worker' });
        return;
      }
      started = true;
      (message.type === 'train' ? run(message) : search(message)).catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
      return;
    case 'pause':
      gate.pause();
      return;
    case 'resume':
      gate.resume();
      return;
    case 'cancel':
      controller.abort();
      gate.resume();
      return;
    default: {
      const never: never = message;
      post({ type: 'error', message: `unknown message ${JSON.stringify(never)}` });
    }
  }
});
