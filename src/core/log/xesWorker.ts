/**
 * Worker-thread entry for parallel XES reading (bundled as dist/xesWorker.js): each message is
 * one byte range of trace elements in shared memory; the reply is its events as typed arrays
 * (xesRange.ts), whose buffers are transferred back, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { parseXesRange, type RangeResult } from './xesRange';

export interface RangeRequest {
  id: number;
  /** The range's bytes: shared, read-only here, `length` of them from `offset`. */
  bytes: SharedArrayBuffer;
  offset: number;
  length: number;
}

export interface RangeReply {
  id: number;
  result: RangeResult;
}

parentPort?.on('message', (req: RangeRequest) => {
  let result: RangeResult;
  try {
    result = parseXesRange(Buffer.from(req.bytes, req.offset, req.length));
  } catch (err) {
    result = { ok: false, problem: (err as Error).message ?? String(err) };
  }
  const reply: RangeReply = { id: req.id, result };
  const transfer = result.ok ? [result.kind.buffer, result.caseId.buffer, result.name.buffer, result.lifecycle.buffer, result.resource.buffer, result.time.buffer] : [];
  parentPort!.postMessage(reply, transfer as ArrayBuffer[]);
});
