/**
 * `process-agent serve --agent DIR [--host 127.0.0.1] [--port 8080] [--token-file F]`: the agent
 * as a local HTTP service (src/core/serve). Runs until SIGTERM or SIGINT (graceful: in-flight
 * requests finish); SIGHUP, or a new agent written into DIR, reloads without dropping a request.
 */
import { readFileSync } from 'node:fs';
import { ModelHolder } from '../../core/serve/modelHolder';
import { isLoopback } from '../../core/serve/auth';
import { DEFAULT_BODY_LIMIT, startServer } from '../../core/serve/server';
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { num, oneOf, parse, UserError } from '../options';

const HELP = `usage: process-agent serve --agent <agentDir> [--host 127.0.0.1] [--port 8080] [--token-file FILE]

  --agent DIR          the trained agent folder (default ${DEFAULT_AGENT_DIR}); a new agent written there is picked up
  --host ADDR          address to bind (default 127.0.0.1); any non-loopback address needs --token-file
  --port N             port (default 8080; 0 picks a free one, printed on start)
  --token-file FILE    file holding a bearer token (≥ 16 characters) every call but /healthz must send
  --max-body BYTES     largest request body (default ${DEFAULT_BODY_LIMIT})
  --cache N            distributions kept in the context cache, in floats (default 4000000; 0: off)
  --no-watch           reload only on SIGHUP, not on file changes
  --device auto|cuda|cpu, --threads N   where inference runs (default cpu, 1 intra-op thread:
                       the other core parses HTTP)

endpoints: POST /v1/predict, POST /v1/predict/batch, GET /v1/model, GET /healthz, GET /openapi.json
`;

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
      'no-watch': { type: 'boolean' },
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
  const log = (m: string): void => void process.stderr.write(`process-agent serve: ${m}\n`);
  const holder = await ModelHolder.open(dir, {
    load: { device: oneOf(values, 'device', ['auto', 'cuda', 'cpu'] as const) ?? 'cpu', threads: num(values, 'threads', 'int') ?? 1 },
    batch: { maxRows: 256, cacheFloats: num(values, 'cache', 'int') ?? 4_000_000 },
    watch: values['no-watch'] !== true,
    log,
  });
  let server;
  try {
    server = await startServer(holder, { host, port, token, bodyLimit: num(values, 'max-body', 'int') ?? DEFAULT_BODY_LIMIT, log });
  } catch (e) {
    await holder.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') throw new UserError(`cannot listen on ${host}:${port} (${err.code}).`);
    throw e;
  }
  const running = server;
  process.stdout.write(`process-agent serve: listening on ${running.url} (agent ${holder.current.info.version}${token ? ', bearer token required' : ''})\n`);
  const onHup = (): void => {
    log('SIGHUP: reloading the agent');
    void holder.reload();
  };
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log(`${signal}: finishing in-flight requests, then exiting`);
      process.off('SIGTERM', onTerm).off('SIGINT', onInt);
      void running.close().then(resolve, (e: unknown) => {
        log(`shutdown: ${(e as Error).message}`);
        resolve();
      });
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm).on('SIGINT', onInt);
  });
  process.off('SIGHUP', onHup);
  return 0;
}
