/**
 * The training progress line on a TTY (stderr): one line redrawn in place. Off a TTY it prints
 * one line per validation instead, so logs stay readable.
 */
import type { TrainProgress } from '../core/train/types';
import { escapeControl, writeRaw } from './terminal';

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function progressRenderer(stream: NodeJS.WriteStream = process.stderr): { update(p: TrainProgress): void; end(): void } {
  const tty = stream.isTTY === true;
  let drawn = false;
  return {
    update(p) {
      if (p.phase === 'done' || p.phase === 'preparing') return;
      const val = p.validation ? `  val acc ${(p.validation.accuracy * 100).toFixed(1)}%` : '';
      if (!tty) {
        if (p.validation) stream.write(`epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}${val}\n`);
        return;
      }
      const width = 24;
      const frac = p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : 0;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const what = p.phase === 'refit' ? 'refit ' : '';
      const line = `${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${what}epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(3)}  lr ${p.learningRate.toExponential(1)}  ${Math.round(p.tokensPerSecond)} tok/s  ETA ${clock(p.etaSeconds)}${val}`;
      writeRaw(stream, `\r\x1b[2K${escapeControl(line)}`);
      drawn = true;
    },
    end() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
