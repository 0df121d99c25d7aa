/**
 * Lets a training loop hold between steps. The loop awaits `wait()` before each step; while
 * paused that promise stays pending, so the worker's event loop keeps serving messages.
 */
export class PauseGate {
  private waiting: (() => void)[] = [];
  private paused = false;

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
