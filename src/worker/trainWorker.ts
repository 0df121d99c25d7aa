/**
 * The entry point of the training process (bundled to dist/worker.js; core/agent/workerClient.ts
 * forks it, core/trainingProcessEnv.ts says why a process). It runs one training
 * request, streams progress (throttled, so the host's event loop never drowns), and honours
 * pause/resume/cancel between steps. See src/protocol.ts for the messages.
 */
// First, before anything can load onnxruntime: see core/noTelemetry.ts.
import '../core/noTelemetry';
import { setPriority } from 'node:os';
import type { HostToWorker, WorkerToHost } from '../protocol';
import type { RunEvent } from '../core/train/types';
import { PauseGate, PAUSED_MESSAGE } from '../core/train/pauseGate';
import { trainAgent } from '../core/agent/trainer';
import { searchHyperparameters } from '../core/agent/search';

const send = process.send?.bind(process);
if (!send) throw new Error('trainWorker must run as a child process with an IPC channel (workerClient.ts forks it)');
// The host went away (closed, crashed): a training nobody can receive has no reason to go on.
process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal reaches the whole process group: the host turns it into a cancel (which
// leaves the previous agent as it was), so the worker must not die of it first.
process.on('SIGINT', () => undefined);

/**
 * Training shares the cores with the editor. On Linux, setpriority(0) applies to the calling
 * thread only, and the threads it creates later (onnxruntime's intra-op pool) inherit the value,
 * so lowering this process's main thread before onnxruntime loads lowers all of training: the
 * extension host's event loop stays responsive on a 2-core machine, and training loses nothing
 * when the cores are otherwise idle. Kept to Linux, where that is what the call does.
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
  send!(message);
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

process.on('message', (message: HostToWorker) => {
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
