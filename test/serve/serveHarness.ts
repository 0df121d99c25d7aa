/**
 * Starts the real `process-agent serve` (the CLI, as a user runs it) on a free port and talks to
 * it: JSON calls through fetch, and raw sockets for the bodies fetch would refuse to send.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { writeFixtureLog } from '../train/fixtureLog';

export interface Service {
  url: string;
  port: number;
  child: ChildProcess;
  stderr: () => string;
  /** Service processes answering (`--workers`; 1 when the service runs in one process). */
  workers: number;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

export function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A tiny agent trained fast (as test/cli/agentCommands.test.ts does). */
export function trainTinyAgent(log: string, out: string, seed: number, epochs = 3): void {
  writeFixtureLog(log, { cases: 150, seed });
  const r = cli('train', log, '--out', out, '--epochs', String(epochs), '--preset', 'tiny', '--batch', '16', '--device', 'cpu', '--threads', '1', '--seed', String(seed), '--json');
  assert.equal(r.code, 0, r.stderr);
}

export async function startService(...args: string[]): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => err,
    workers: Number(/, (\d+) workers\)/.exec(out)?.[1] ?? 1),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Every field the tests read from an answer (each answer has only some of them). */
export interface Answer {
  error: { status: number; message: string };
  next: { activity: string; probability: number }[];
  suffix: string[];
  suffixLogProb: number;
  nextEventInMs: number | null;
  nextEvent: unknown;
  remainingTime: unknown;
  results: Answer[];
  status: string;
  version: string;
  activities: string[];
  endOfCase: string;
  timeHeads: boolean;
  accuracy: { agent: number; baselines: Record<string, number> };
  protocol: unknown;
}

export interface Reply {
  status: number;
  json: Answer;
  headers: Headers;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }).catch((e: Error) => {
    throw new Error(`POST ${url}: ${e.message} (${String((e.cause as Error | undefined)?.message ?? e.cause)})`);
  });
  return { status: r.status, json: (await r.json()) as Answer, headers: r.headers };
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  const r = await fetch(url, { headers });
  return { status: r.status, json: (await r.json()) as Answer, headers: r.headers };
}

/**
 * Sends raw bytes (request line and headers, then whatever `body` sends) and returns what came
 * back. `send` resolves false once the server has closed the connection, so a sender of a huge
 * body stops there: what matters is the answer the server gave, not whether it read the rest.
 */
export async function rawRequest(port: number, head: string, body: (send: (b: Buffer | string) => Promise<boolean>) => Promise<void> | void = () => undefined, waitMs = 10_000): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let response = '';
  let closed = false;
  socket.on('data', (d) => (response += d.toString('latin1')));
  socket.on('error', () => undefined);
  const ended = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closed = true;
      resolve();
    }),
  );
  const send = async (b: Buffer | string): Promise<boolean> => {
    if (closed || socket.destroyed || !socket.writable) return false;
    try {
      if (!socket.write(b)) await Promise.race([once(socket, 'drain'), ended]);
    } catch {
      return false; // EPIPE: the server closed its side, as it may after answering
    }
    return !closed;
  };
  // Done when one whole response is in (by its Content-Length), or the server closed. The
  // client never half-closes: node's server would take that as an abort.
  const complete = new Promise<void>((resolve) => {
    const check = (): void => {
      const end = response.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(response.slice(0, end));
      if (end >= 0 && length && response.length >= end + 4 + Number(length[1])) resolve();
    };
    socket.on('data', check);
  });
  await send(head);
  await body(send);
  await Promise.race([complete, ended, new Promise((r) => setTimeout(r, waitMs))]);
  socket.destroy();
  return response;
}

/** The status code of a raw HTTP response ("HTTP/1.1 413 …" → 413), or 0 if none came. */
export function statusOf(response: string): number {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return m ? Number(m[1]) : 0;
}
