/**
 * An open-loop load at a fixed rate, for bench:serve's paced run. autocannon's rate limit is a
 * per-connection quota refilled each second (node_modules/autocannon/lib/httpClient.js), so at
 * 2,000/s over 64 connections every connection fires its 31 requests back to back at the top of
 * each second: the "offered" run is a closed loop for most of each second, and its latency is
 * 64 / throughput by Little's law. Here request i is due at t0 + i / rate, sent on one of at most
 * `connections` keep-alive sockets (queued in the agent when all are busy), and its latency is
 * counted from when it was due, not from when a socket took it, so a service that falls behind
 * is charged for the wait (the correction wrk2 makes for coordinated omission).
 */
import { Agent, request } from 'node:http';

export interface PacedResult {
  sent: number;
  /** Answers per second over the run, from the first due time to the last answer. */
  perSecond: number;
  latencies: number[];
  /** bodies index of each entry of `latencies`. */
  bodyOf: number[];
  wrong: number;
  errors: number;
}

export function pacedLoad(url: string, bodies: readonly string[], check: (i: number, body: string) => boolean, rate: number, seconds: number, connections: number): Promise<PacedResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const bodyOf: number[] = [];
  let sent = 0;
  let answered = 0;
  let wrong = 0;
  let errors = 0;
  const t0 = performance.now();
  const due = (i: number): number => t0 + (i * 1000) / rate;
  return new Promise((resolve) => {
    const finish = (): void => {
      answered++;
      if (answered < total) return;
      agent.destroy();
      resolve({ sent, perSecond: total / ((performance.now() - t0) / 1000), latencies, bodyOf, wrong, errors });
    };
    const fire = (i: number): void => {
      const body = bodies[i % bodies.length];
      const req = request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - due(i));
            bodyOf.push(i % bodies.length);
            if (res.statusCode !== 200 || !check(i % bodies.length, Buffer.concat(chunks).toString())) wrong++;
            finish();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        finish();
      });
      req.end(body);
    };
    // Sends every request now due, then sleeps until the next one is (timers are late by up to a
    // millisecond or so; the requests that came due meanwhile go out together, at their due times' latency).
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && due(sent) <= now) fire(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, due(sent) - performance.now()));
    };
    tick();
  });
}
