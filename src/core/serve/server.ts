/**
 * The HTTP side of `process-agent serve`, on node:http. Every request ends in a JSON answer:
 * 200 with the route's body, or the status of an HttpError with `{error: {status, message}}`;
 * anything unexpected is logged and answered 500, and the process stays up. Shutdown stops
 * accepting, lets in-flight requests finish (their connections close after the answer), and
 * ends the stragglers after a grace period.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Auth, isLoopback } from './auth';
import { readBody } from './body';
import type { ModelHolder } from './modelHolder';
import { findRoute } from './routes';
import { HttpError } from './types';

export interface ServerOptions {
  host: string;
  port: number;
  /** Bearer token; required unless `host` is loopback. */
  token?: string;
  /** Largest request body, bytes. */
  bodyLimit: number;
  log: (message: string) => void;
}

export const DEFAULT_BODY_LIMIT = 1 << 20;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Graceful: stop accepting, finish in-flight requests (at most `graceMs`), release the model. */
  close(graceMs?: number): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, closing: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
    ...(closing ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

export async function startServer(holder: ModelHolder, options: ServerOptions): Promise<RunningServer> {
  if (!isLoopback(options.host) && options.token === undefined) {
    throw new Error(`refusing to listen on ${options.host}, which other machines can reach, without a bearer token: give --token-file FILE, or bind to 127.0.0.1.`);
  }
  const auth = new Auth(options.token);
  let closing = false;
  let inflight = 0;
  let drained: (() => void) | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const route = findRoute(req.method ?? 'GET', path);
    if (!('handle' in route)) {
      req.resume();
      const allow = route.allow;
      throw route.status === 404
        ? new HttpError(404, `no route ${path}; see GET /openapi.json.`)
        : new HttpError(405, `${path} takes ${allow}, not ${req.method}.`, { Allow: allow! });
    }
    if (route.auth) auth.check(req);
    let body: Buffer | undefined;
    if (route.body) body = await readBody(req, options.bodyLimit);
    else req.resume();
    const answer = await route.handle({ holder, body });
    send(res, 200, answer.body, answer.headers ?? {}, closing);
  }

  const server: Server = createServer((req, res) => {
    inflight++;
    // Counted until the answer is handed to the socket (or the connection died), so shutdown
    // never closes a connection under an answer still being written.
    res.once('close', () => {
      inflight--;
      if (inflight === 0) drained?.();
    });
    handle(req, res)
      .catch((e: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (e instanceof HttpError) {
          send(res, e.status, { error: { status: e.status, message: e.message } }, e.headers, closing);
          if (!req.complete) {
            // Refused before the body was read (413, 415, 401): discard what still arrives, and
            // close a second after the answer if the client is still sending. Closing at once
            // with unread bytes would make the kernel reset the connection, and the client could
            // lose the answer it has not read yet.
            req.resume();
            res.on('finish', () => setTimeout(() => req.complete || req.socket.destroy(), 1000).unref());
          }
        } else {
          options.log(`internal error: ${(e as Error).stack ?? String(e)}`);
          send(res, 500, { error: { status: 500, message: 'internal error; the service logged it.' } }, {}, closing);
        }
      });
  });
  // Slow clients cannot hold a connection forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // Longer than clients keep idle sockets (undici: the hint minus 1 s), so a client rarely reuses one
  // the server is closing at that moment.
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    async close(graceMs = 10_000): Promise<void> {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = inflight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      // In-flight answers carry Connection: close, so their connections end once written;
      // only stragglers past the grace period are cut.
      await Promise.race([idle.then(() => closed), grace]);
      server.closeAllConnections();
      await holder.close();
    },
  };
}
