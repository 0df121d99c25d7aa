/**
 * Bytes → text for every reader: transparent gunzip (by magic bytes, not by name), a BOM
 * stripped, and one encoding policy.
 *
 * Encoding policy: UTF-8 is expected. If a file's first non-ASCII byte is not valid UTF-8, the
 * file is taken to be Windows-1252/Latin-1 (the usual legacy export) and read as such, with a
 * warning. Everything before that point was ASCII, so switching decoders mid-stream is exact.
 * If valid UTF-8 multi-byte text came first and an invalid byte follows, the file mixes
 * encodings; no single reading is right, so it is an error naming the line.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { LogError } from './types';
import { checkRegularFile, DEFAULT_MAX_BYTES, tooManyBytes } from './limits';

/**
 * Bytes per read and per gunzip output chunk. 128 KiB, not 1 MiB: every chunk is a new buffer,
 * and buffers this small come from malloc's reused arena instead of fresh mmapped pages; on the
 * VM measured (a page fault ~16 us) the serial BPIC 2012 XES read took ~1.6 s instead of ~1.9 s.
 */
const CHUNK = 1 << 17;

function isGzipMagic(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

function readHeadBytes(file: string, n: number): Buffer {
  let fd: number | undefined;
  checkRegularFile(file);
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'this is a folder, not a file' : `cannot open the file (${code ?? String(err)})`;
    throw new LogError(file, problem, 'Check the path and permissions');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function gzipError(file: string, err: unknown): LogError {
  const msg = (err as Error).message ?? String(err);
  return new LogError(
    file,
    /unexpected end/i.test(msg) ? 'the gzip data ends early (the file is truncated)' : `the gzip data is corrupt (${msg})`,
    'Download or export the file again; `gzip -t FILE` checks it',
  );
}

/**
 * About how many bytes of text the file holds, without reading it: its size, or for gzip the
 * larger of that and the trailer's uncompressed size (stored mod 4 GiB). 0 if it cannot be read
 * (the reader then reports why).
 */
export function textSizeHint(file: string): number {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    if (size < 18 || !isGzipMagic(readHeadBytes(file, 2))) return size;
    fd = openSync(file, 'r');
    const trailer = Buffer.alloc(4);
    readSync(fd, trailer, 0, 4, size - 4);
    return Math.max(size, trailer.readUInt32LE(0));
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A raw byte stream of the file's contents, gunzipped when the file is gzip. */
function openBytes(file: string, gzip: boolean): Readable {
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  if (!gzip) return raw;
  const gunzip = createGunzip({ chunkSize: CHUNK });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/**
 * A plain file's bytes read into one buffer that this read owns and reuses for every chunk:
 * each chunk is valid only until the next is asked for, so only consumers that copy a chunk
 * out at once may use this. Fresh buffers per read call cost page faults (~16 µs per 4 KiB
 * page on the 2-core VM measured: with 1 MiB reads ~10 ms of a ~80 ms read of the 2 MB
 * bpi_12_w_tax.csv); one 128 KiB buffer per file read costs 32 of them. The buffer belongs to
 * this generator, not to the module, so concurrent reads and readers never share state.
 */
async function* readReusingBuffer(file: string): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafeSlow(CHUNK);
  const handle = await open(file, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Offset of the first byte that breaks UTF-8 in `buf` (a chunk may end mid-character). */
function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= buf.length) return buf.length;
      if ((buf[i + k] & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return buf.length;
}

/**
 * The 1-based line of byte `offset` of the (gunzipped) file, counted by reading it again: only
 * error messages and the encoding warning need it, and counting every newline of every read
 * (1.6 million in the 78 MB BPIC 2012 XES) cost the normal path ~20-60 ms.
 */
async function lineAt(file: string, gzip: boolean, offset: number): Promise<number> {
  let line = 1;
  let seen = 0;
  const bytes = openBytes(file, gzip);
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      const take = Math.min(chunk.length, offset - seen);
      line += countNewlines(chunk, take);
      seen += take;
      if (seen >= offset) break;
    }
  } catch {
    // A truncated gzip: the lines before the break are what there is.
  } finally {
    bytes.destroy();
  }
  return line;
}

/** The 1-based line of byte `offset` of the (gunzipped) file: for readers whose parser reports byte offsets. */
export function lineAtByte(file: string, offset: number): Promise<number> {
  return lineAt(file, isGzipMagic(readHeadBytes(file, 2)), offset);
}

function countNewlines(buf: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (buf[i] === 0x0a) n++;
  return n;
}

/** Index just past the last complete UTF-8 character (a chunk may end inside one). */
function completeEnd(buf: Buffer): number {
  const len = buf.length;
  let i = len - 1;
  while (i >= 0 && i > len - 4 && (buf[i] & 0xc0) === 0x80) i--;
  if (i < 0) return len;
  const b = buf[i];
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return i + need > len ? i : len;
}

/**
 * The file's bytes as valid UTF-8, in chunks of about 128 KiB that never split a character.
 * `warnings` receives the encoding fallback note. Errors (missing file, truncated gzip, mixed
 * encodings) are `LogError`s. Validation is `buffer.isUtf8` (SIMD), so the common case costs little.
 * With `transient`, chunks of a plain file share one reused buffer, each valid only until the
 * next is requested: for consumers that copy a chunk out at once (readTextChunks).
 */
export async function* readUtf8Chunks(file: string, warnings: string[], signal?: AbortSignal, transient = false, maxBytes = DEFAULT_MAX_BYTES): AsyncGenerator<Buffer> {
  /** Text bytes read so far (gunzipped), against `maxBytes`. */
  let total = 0;
  const gzip = isGzipMagic(readHeadBytes(file, 2));
  const bytes: AsyncIterable<Buffer> & { destroy?: () => void } = transient && !gzip ? readReusingBuffer(file) : openBytes(file, gzip);
  let latin1: TextDecoder | undefined;
  let sawNonAscii = false;
  /** Bytes handed out so far: where the next chunk starts in the file's (gunzipped) bytes. */
  let offset = 0;
  let carry: Buffer | undefined;
  try {
    for await (const raw of bytes) {
      signal?.throwIfAborted();
      total += raw.length;
      if (total > maxBytes) throw tooManyBytes(file, maxBytes);
      if (latin1) {
        yield Buffer.from(latin1.decode(raw, { stream: true }), 'utf8');
        continue;
      }
      const chunk = carry ? Buffer.concat([carry, raw]) : raw;
      carry = undefined;
      const end = completeEnd(chunk);
      const body = end === chunk.length ? chunk : chunk.subarray(0, end);
      if (!isUtf8(body)) {
        const bad = firstInvalidUtf8(body);
        const line = await lineAt(file, gzip, offset + bad);
        if (sawNonAscii || hasNonAscii(body, bad)) {
          throw new LogError(
            file,
            'the file mixes text encodings (valid UTF-8 earlier, then a byte that is not UTF-8)',
            'Re-save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`',
            line,
          );
        }
        // Everything before was ASCII, which reads the same in Windows-1252: switch from here on.
        warnings.push(`the file is not UTF-8 (first non-UTF-8 byte at line ${line}); read it as Windows-1252/Latin-1`);
        latin1 = new TextDecoder('windows-1252');
        yield Buffer.from(latin1.decode(chunk, { stream: true }), 'utf8');
        continue;
      }
      if (!sawNonAscii && !isAscii(body)) sawNonAscii = true;
      if (end < chunk.length) carry = Buffer.from(chunk.subarray(end));
      offset += body.length;
      yield body;
    }
    if (carry) throw new LogError(file, 'the file ends in the middle of a UTF-8 character', 'The file is probably truncated; export it again', await lineAt(file, gzip, offset));
  } catch (err) {
    if (err instanceof LogError) throw err;
    if ((err as Error).name === 'AbortError') throw err;
    if (gzip && (err as NodeJS.ErrnoException).code?.startsWith('Z_')) throw gzipError(file, err);
    throw new LogError(file, `cannot read the file (${(err as Error).message})`, 'Check the file and try again');
  } finally {
    // A stream is destroyed; the reusing reader was closed by the for-await's return.
    bytes.destroy?.();
  }
}

/**
 * Text pieces are at most this many bytes: V8 puts a string over 128 KiB in large-object space
 * (its own pages, mapped and unmapped per string), which made decoding the 78 MB BPIC 2012 XES
 * in 1 MiB pieces cost 4× more CPU than in 64 KiB ones.
 */
const TEXT_PIECE = 1 << 16;

/** `chunk` (whole UTF-8 characters) as text pieces of at most 64 KiB, never splitting a character. */
export function* textPieces(chunk: Buffer): Generator<string> {
  // ASCII (most logs) decodes as Latin-1 by a plain copy, an order of magnitude faster than UTF-8.
  const ascii = isAscii(chunk);
  let start = 0;
  while (start < chunk.length) {
    let end = Math.min(start + TEXT_PIECE, chunk.length);
    // Never split a UTF-8 character: back off over continuation bytes (the chunk ends whole).
    if (!ascii) while (end < chunk.length && (chunk[end] & 0xc0) === 0x80) end--;
    yield chunk.toString(ascii ? 'latin1' : 'utf8', start, end);
    start = end;
  }
}

/** The file's text in pieces of at most 64 KiB (see `readUtf8Chunks`), without a leading byte-order mark. */
export async function* readTextChunks(file: string, warnings: string[], signal?: AbortSignal, maxBytes?: number): AsyncGenerator<string> {
  let first = true;
  // Transient chunks: each is decoded to strings before the next is read.
  for await (const chunk of readUtf8Chunks(file, warnings, signal, true, maxBytes)) {
    for (const text of textPieces(chunk)) {
      yield first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      first = false;
    }
  }
}

function hasNonAscii(buf: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) if (buf[i] >= 0x80) return true;
  return false;
}


/** The first `maxBytes` of the (gunzipped) file as text, for format and delimiter sniffing. */
export async function peekText(file: string, maxBytes = 64 * 1024): Promise<{ text: string; bytes: Buffer; gzip: boolean }> {
  const head = readHeadBytes(file, maxBytes);
  const gzip = isGzipMagic(head);
  let bytes: Buffer = head;
  if (gzip) {
    const parts: Buffer[] = [];
    let got = 0;
    const stream = openBytes(file, true);
    try {
      for await (const c of stream as AsyncIterable<Buffer>) {
        parts.push(c);
        got += c.length;
        if (got >= maxBytes) break;
      }
    } catch (err) {
      // A short truncated gzip still shows what it holds; with nothing at all, say why here.
      if (got === 0) throw gzipError(file, err);
    } finally {
      stream.destroy();
    }
    bytes = Buffer.concat(parts).subarray(0, maxBytes);
  }
  return { text: new TextDecoder('utf-8').decode(bytes), bytes, gzip };
}
