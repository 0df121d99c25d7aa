/**
 * Who may call the service. Bound to loopback it needs nothing: only this machine can reach it.
 * Bound to anything else it needs a bearer token (read from a file, so it never shows in `ps`),
 * compared in constant time. GET /healthz stays open for liveness probes; it says only "ok".
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './types';

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and "localhost". */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(h);
  return false;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export class Auth {
  private readonly expected?: Buffer;

  constructor(token: string | undefined) {
    this.expected = token === undefined ? undefined : digest(token);
  }

  get required(): boolean {
    return this.expected !== undefined;
  }

  /** Throws a 401 unless the request carries the token (or no token is set). */
  check(req: IncomingMessage): void {
    if (!this.expected) return;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const challenge = { 'WWW-Authenticate': 'Bearer realm="process-agent"' };
    if (!m) throw new HttpError(401, 'this service needs "Authorization: Bearer <token>" (the token in the file given to --token-file).', challenge);
    // Hashing first gives equal lengths, so timingSafeEqual leaks nothing about the token's length.
    if (!timingSafeEqual(digest(m[1]), this.expected)) throw new HttpError(401, 'the bearer token is wrong.', challenge);
  }
}
