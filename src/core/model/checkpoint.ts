/**
 * The checkpoint file: one versioned binary that carries everything needed to resume training
 * or to predict — model config, tokenizer, θ, AdamW moments m and v, step and RNG state.
 *
 * Layout (little-endian):
 *   0   8 bytes  magic "PAGENTCK"
 *   8   u32      format version
 *   12  u32      header byte length H
 *   16  H bytes  header JSON (utf-8), then zero padding to a multiple of 4
 *   …   f32[n]   θ, then m, then v (n = header.paramCount each; m and v optional)
 *   end u32      CRC-32 of every byte before it
 * Written to a temporary file and renamed, so a crash never leaves half a checkpoint behind.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { readCheckpointHeader, type CheckpointHeader } from './checkpointHeader';
import { CheckpointError } from './errors';

export const CHECKPOINT_MAGIC = 'PAGENTCK';
export const CHECKPOINT_VERSION = 1;

export { HEADER_VERSION, readCheckpointHeader, type CheckpointHeader } from './checkpointHeader';

export interface Checkpoint {
  header: CheckpointHeader;
  theta: Float32Array;
  /** AdamW first and second moments; absent in an inference-only checkpoint. */
  m?: Float32Array;
  v?: Float32Array;
}

export { CheckpointError } from './errors';

const PREFIX = 16;

export function encodeCheckpoint(ck: Checkpoint): Buffer {
  const n = ck.theta.length;
  if (ck.header.paramCount !== n) throw new Error(`checkpoint: paramCount ${ck.header.paramCount} but θ has ${n}`);
  for (const [name, a] of [['m', ck.m], ['v', ck.v]] as const) {
    if (a && a.length !== n) throw new Error(`checkpoint: ${name} has ${a.length} values, θ has ${n}`);
  }
  if (!!ck.m !== !!ck.v) throw new Error('checkpoint: m and v come together');
  const header = Buffer.from(JSON.stringify({ ...ck.header, moments: !!ck.m }), 'utf8');
  const headerPadded = Math.ceil(header.length / 4) * 4;
  const arrays = ck.m && ck.v ? [ck.theta, ck.m, ck.v] : [ck.theta];
  const total = PREFIX + headerPadded + arrays.length * n * 4 + 4;
  const buf = Buffer.alloc(total);
  buf.write(CHECKPOINT_MAGIC, 0, 'latin1');
  buf.writeUInt32LE(CHECKPOINT_VERSION, 8);
  buf.writeUInt32LE(header.length, 12);
  header.copy(buf, PREFIX);
  let at = PREFIX + headerPadded;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(buf, at);
    at += a.byteLength;
  }
  buf.writeUInt32LE(crc32(buf.subarray(0, at)), at);
  return buf;
}

export function decodeCheckpoint(buf: Buffer, file = 'checkpoint'): Checkpoint {
  const notOurs = 'is not a Process Agent checkpoint (wrong magic number); point to an agent folder made by `process-agent train`';
  if (buf.length < PREFIX + 4) throw new CheckpointError(file, buf.length >= 8 && buf.toString('latin1', 0, 8) === CHECKPOINT_MAGIC ? 'is truncated; retrain the agent' : notOurs);
  if (buf.toString('latin1', 0, 8) !== CHECKPOINT_MAGIC) throw new CheckpointError(file, notOurs);
  const version = buf.readUInt32LE(8);
  if (version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(file, `has checkpoint format version ${version}, this build reads version ${CHECKPOINT_VERSION}; retrain the agent with this version`);
  }
  const headerLength = buf.readUInt32LE(12);
  const headerPadded = Math.ceil(headerLength / 4) * 4;
  if (PREFIX + headerPadded + 4 > buf.length) throw new CheckpointError(file, 'is truncated; retrain the agent');
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + headerLength));
  } catch {
    throw new CheckpointError(file, 'is corrupt (unreadable header); retrain the agent');
  }
  const header = readCheckpointHeader(json, file);
  const n = header.paramCount;
  const count = typeof json === 'object' && json !== null && 'moments' in json && json.moments === true ? 3 : 1;
  const expected = PREFIX + headerPadded + count * n * 4 + 4;
  if (buf.length < expected) throw new CheckpointError(file, `is truncated (${buf.length} of ${expected} bytes); retrain the agent`);
  if (buf.length > expected) throw new CheckpointError(file, `is corrupt (${buf.length - expected} unexpected trailing bytes); retrain the agent`);
  const bodyEnd = expected - 4;
  if (crc32(buf.subarray(0, bodyEnd)) !== buf.readUInt32LE(bodyEnd)) {
    throw new CheckpointError(file, 'is corrupt (checksum mismatch); retrain the agent or restore it from a backup');
  }
  // Copy into fresh, aligned Float32Arrays: the Buffer's offset need not be 4-aligned.
  const arrays: Float32Array[] = [];
  for (let i = 0, at = PREFIX + headerPadded; i < count; i++, at += n * 4) {
    const a = new Float32Array(n);
    Buffer.from(a.buffer).set(buf.subarray(at, at + n * 4));
    arrays.push(a);
  }
  return { header, theta: arrays[0], m: arrays[1], v: arrays[2] };
}



/** Writes `data` to `file` atomically: a temporary sibling, fsync, then rename over. */
export function writeFileAtomic(file: string, data: Buffer | string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

export function saveCheckpoint(file: string, ck: Checkpoint): void {
  writeFileAtomic(file, encodeCheckpoint(ck));
}

export function loadCheckpoint(file: string): Checkpoint {
  return decodeCheckpoint(readCheckpointBytes(file), file);
}

/** The checkpoint file's bytes, or a CheckpointError that names the file and why it cannot be read. */
export function readCheckpointBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CheckpointError(file, code === 'ENOENT' ? 'does not exist; train an agent first with `process-agent train`' : `cannot be read (${code})`);
  }
}

/**
 * A checkpoint's identity: the first 16 hex digits of its bytes' SHA-256. Taken from the very
 * bytes that were decoded, so a file replaced while it is read cannot label one model with
 * another's version.
 */
export function checkpointDigest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
