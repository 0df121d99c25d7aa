/**
 * Reads a request body into memory, up to a limit. A Content-Length over the limit is refused
 * before one byte is read; a chunked body is counted as it arrives and refused the moment it
 * passes the limit. Either way the caller answers 413 at once; server.ts then discards what
 * still arrives for a moment before closing, so the client gets to read the answer.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './types';

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (): HttpError => new HttpError(413, `the request body is larger than ${limit} bytes; send fewer cases per call.`);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge());
  const type = req.headers['content-type'];
  if (type === undefined || !/^application\/json\b/i.test(type)) {
    return Promise.reject(new HttpError(415, 'send the body as JSON with "Content-Type: application/json".'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (e: HttpError): void => {
      if (done) return;
      done = true;
      req.pause();
      reject(e);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return fail(tooLarge());
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('aborted', () => fail(new HttpError(400, 'the client closed the connection before the body was complete.')));
    req.on('error', () => fail(new HttpError(400, 'the request body could not be read.')));
  });
}
