/**
 * `process-agent serve --agent DIR [--host 127.0.0.1] [--port 8080] [--token-file F]`: the agent
 * as a local HTTP service (src/core/serve). Runs until SIGTERM or SIGINT (graceful: in-flight
 * requests finish); SIGHUP, or a new agent written into DIR, reloads without dropping a request.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ModelHolder } from '../../core/serve/modelHolder';
import { assertAgentFolder } from '../../core/agent/loadAgent';
import { isLoopback } from '../../core/serve/auth';
import { DEFAULT_BODY_LIMIT, startServer } from '../../core/serve/server';
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { isServeWorker, reportListening, runPool } from '../../core/serve/workerPool';
import { DEFAULT_STATE_FLOATS } from '../../core/serve/rowDecoder';
import { num, oneOf, parse, UserError } from '../options';

/** onnxruntime answers on the thread that calls it, so a process serves on one core; more than this many copies of the model rarely pays for its memory. */
const MAX_AUTO_WORKERS = 4;

const HELP = `usage: process-agent serve --agent <agentDir> [--host 127.0.0.1] [--port 8080] [--token-file FILE]

  --agent DIR          the trained agent folder (default ${DEFAULT_AGENT_DIR}); a new agent written there is picked up
  --host ADDR          address to bind (default 127.0.0.1); any non-loopback address needs --token-file
  --port N             port (default 8080; 0 picks a free one, printed on start)
  --token-file FILE    file holding a bearer token (≥ 16 characters) every call but /healthz must send
  --max-body BYTES     largest request body (default ${DEFAULT_BODY_LIMIT})
  --cache N            distributions kept in the context cache, in floats (default 4000000; 0: off)
  --state-cache N      decode caches of recent cases kept, in floats (default ${DEFAULT_STATE_FLOATS}; 0: off):
                       a case asked about again after its next event then runs one token, not all
  --no-watch           reload only on SIGHUP, not on file changes
  --workers N|auto     service processes sharing the port, each with its own copy of the model
                       (default auto: one per core, at most ${MAX_AUTO_WORKERS}; 1 with --device cuda)
  --device auto|cuda|cpu, --threads N   where inference runs (default cpu, 1 intra-op thread
                       a worker)

endpoints: POST /v1/predict, POST /v1/predict/batch, GET /v1/model, GET /healthz, GET /openapi.json
`;

function workerCount(value: unknown, device: string): number {
  if (value === undefined || value === 'auto') return device === 'cuda' ? 1 : Math.max(1, Math.min(MAX_AUTO_WORKERS, availableParallelism()));
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 64)) throw new UserError(`--workers must be auto or a whole number from 1 to 64, got "${String(value)}".`);
  return n;
}

function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read the token file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  const token = text.trim();
  if (token.length < 16 || /\s/.test(token)) throw new UserError(`${file}: the token must be one word of at least 16 characters (e.g. \`openssl rand -hex 32 > ${file}\`).`);
  return token;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      agent: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'token-file': { type: 'string' },
      'max-body': { type: 'string' },
      cache: { type: 'string' },
      'state-cache': { type: 'string' },
      'no-watch': { type: 'boolean' },
      workers: { type: 'string' },
      device: { type: 'string' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'serve',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UserError(`serve takes no positional arguments (got "${positionals[0]}"); see \`process-agent serve --help\`.`);
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const port = num(values, 'port', 'int') ?? 8080;
  if (port > 65535) throw new UserError(`--port must be at most 65535, got ${port}.`);
  const token = typeof values['token-file'] === 'string' ? readToken(values['token-file']) : undefined;
  if (!isLoopback(host) && token === undefined) {
    throw new UserError(`refusing to listen on ${host}, which other machines can reach, without a bearer token: give --token-file FILE, or bind to 127.0.0.1.`);
  }
  const dir = typeof values.agent === 'string' ? values.agent : DEFAULT_AGENT_DIR;
  const device = oneOf(values, 'device', ['auto', 'cuda', 'cpu'] as const) ?? 'cpu';
  const workers = workerCount(values.workers, device);
  const threads = num(values, 'threads', 'int') ?? 1;
  const cacheFloats = num(values, 'cache', 'int') ?? 4_000_000;
  const stateFloats = num(values, 'state-cache', 'int') ?? DEFAULT_STATE_FLOATS;
  const bodyLimit = num(values, 'max-body', 'int') ?? DEFAULT_BODY_LIMIT;
  const worker = isServeWorker();
  const log = (m: string): void => void process.stderr.write(`process-agent serve${worker ? ` [worker ${process.pid}]` : ''}: ${m}\n`);
  const announce = (url: string, version: string): void =>
    void process.stdout.write(`process-agent serve: listening on ${url} (agent ${version}${token ? ', bearer token required' : ''}${workers > 1 ? `, ${workers} workers` : ''})\n`);
  if (!worker && workers > 1) {
    // Every option was checked above, and a missing agent is said here once, not by every
    // worker; a worker can still fail on what only it sees (a corrupt agent, a taken port).
    assertAgentFolder(dir);
    return runPool({ workers, log, announce });
  }
  const holder = await ModelHolder.open(dir, {
    load: { device, threads },
    batch: { maxRows: 256, cacheFloats },
    stateFloats,
    watch: values['no-watch'] !== true,
    log,
  });
  let server;
  try {
    server = await startServer(holder, { host, port, token, bodyLimit, log });
  } catch (e) {
    await holder.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') throw new UserError(`cannot listen on ${host}:${port} (${err.code}).`);
    throw e;
  }
  const running = server;
  if (worker) reportListening(running.url, holder.current.info.version);
  else announce(running.url, holder.current.info.version);
  const onHup = (): void => {
    log('SIGHUP: reloading the agent');
    void holder.reload();
  };
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      // A worker may hear a stop twice (Ctrl-C reaches the whole process group, and the primary
      // passes it on): the second must not end it before its in-flight requests are answered.
      if (stopping) return;
      stopping = true;
      if (!worker) {
        log(`${signal}: finishing in-flight requests, then exiting`);
        process.off('SIGTERM', onTerm).off('SIGINT', onInt);
      }
      void running.close().then(resolve, (e: unknown) => {
        log(`shutdown: ${(e as Error).message}`);
        resolve();
      });
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm).on('SIGINT', onInt);
    // A worker whose primary is gone (killed outright) has no one to answer to.
    if (worker) process.once('disconnect', () => stop('disconnect'));
  });
  process.off('SIGHUP', onHup);
  // The IPC channel to the primary would keep a stopped worker's event loop alive.
  if (worker && process.connected) process.disconnect();
  return 0;
}
