/**
 * Lets a training loop hold between steps. The loop awaits `wait()` before each step; while
 * paused that promise stays pending, so the worker's event loop keeps serving messages.
 */
/** The log line a worker posts when its loop holds at the gate. */
export const PAUSED_MESSAGE = 'training paused; resume to continue';

export class PauseGate {
  private waiting: (() => void)[] = [];
  private paused = false;
  /** Called when the loop actually holds (after the step in flight finished and reported): the acknowledgement of a pause. */
  onHold?: () => void;

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const w = this.waiting;
    this.waiting = [];
    for (const release of w) release();
  }

  /** Resolves at once when running; when paused, on resume() or when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    if (!this.paused || signal?.aborted) return Promise.resolve();
    this.onHold?.();
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiting.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
