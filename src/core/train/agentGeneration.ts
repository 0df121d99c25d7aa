/**
 * The agent folder changes as a whole. Each save writes one GENERATION, a fresh folder
 * `gen.<time>.<pid>/` holding every file of the agent, and then switches to it with one atomic
 * step: a new `current` symlink renamed over the old one. The names people and tools read
 * (`agent.ckpt`, `config.json`, …) are relative symlinks `name -> current/name`, so every reader
 * keeps opening `.process-agent/agent.ckpt` and sees either the whole old agent or the whole new
 * one, never a mix; a kill at any point leaves one of the two. The history file is part of the
 * generation (the previous history plus this run's line), so the history matches the agent.
 *
 *   .process-agent/
 *     current -> gen.m4x1a2.1234          (the switch: rename(2) of a symlink)
 *     agent.ckpt -> current/agent.ckpt   (fixed links, made once)
 *     config.json -> current/config.json …
 *     gen.m4x1a2.1234/agent.ckpt, config.json, tokenizer.json, split.json, eval.json, history.jsonl
 *
 * Folders written before generations (plain files at the top) still load: they are read as
 * they are, and the first save moves them into a generation of their own (hard links) before
 * turning each name into a link, so at every step each name still reads the old content.
 * Leftovers of a killed save (temporary files, unfinished generations) are removed at the start
 * of the next save when the process that made them is gone.
 */
import { closeSync, existsSync, fsyncSync, linkSync, copyFileSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The files of one agent generation, by name. */
export const GENERATION_FILES = ['agent.ckpt', 'config.json', 'tokenizer.json', 'split.json', 'eval.json', 'history.jsonl'] as const;
export type GenerationFile = (typeof GENERATION_FILES)[number];

const CURRENT = 'current';
const GEN_RE = /^gen\.[0-9a-z]+\.(\d+)$/;
/** Temporaries of writeFileAtomic (`.name.<pid>.<rand>.tmp`) and of the switch (`.current.<pid>.<rand>.tmp`). */
const TMP_RE = /^\..+\.(\d+)\.[0-9a-z]*\.tmp$/;

/**
 * Test hook: with PROCESS_AGENT_TEST_CRASH_AT=N the process SIGKILLs itself at the Nth file
 * boundary of a save (the crash test walks N over every boundary), or at the boundary named
 * exactly (e.g. `agent.ckpt written`); with `list` each boundary is printed to stderr. Unset in normal use: one string comparison per boundary.
 */
let boundaryCount = 0;
function boundary(what: string): void {
  const at = process.env.PROCESS_AGENT_TEST_CRASH_AT;
  if (at === undefined) return;
  boundaryCount++;
  if (at === 'list') process.stderr.write(`agent-boundary ${boundaryCount} ${what}\n`);
  else if (Number(at) === boundaryCount || at === what) process.kill(process.pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function fsyncPath(p: string): void {
  // Directory fsync makes a rename durable on Linux; some file systems refuse it, harmlessly.
  try {
    const fd = openSync(p, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

function writeDurable(file: string, data: Buffer | string): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The generation folder `current` names, or undefined (no generation yet, or an old-layout folder). */
export function currentGeneration(dir: string): string | undefined {
  try {
    const target = readlinkSync(join(dir, CURRENT));
    return GEN_RE.test(target) ? target : undefined;
  } catch {
    return undefined;
  }
}

/** Atomically makes `link` a symlink to `target` (a temporary link renamed over it). */
function linkAtomically(dir: string, name: string, target: string): void {
  const tmp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  symlinkSync(target, tmp);
  try {
    renameSync(tmp, join(dir, name));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function newGenerationName(dir: string): string {
  for (let i = 0; ; i++) {
    const name = `gen.${(Date.now() + i).toString(36)}.${process.pid}`;
    if (!existsSync(join(dir, name))) return name;
  }
}

/**
 * Moves an old-layout folder (plain files at the top) into a generation, one name at a time,
 * so that each name reads the same bytes before and after its own step; safe to resume after a
 * kill at any point.
 */
function migrateOldLayout(dir: string): void {
  const plain = GENERATION_FILES.filter((n) => lstatOrUndefined(join(dir, n))?.isFile());
  if (plain.length === 0) return;
  let gen = currentGeneration(dir);
  if (!gen) {
    gen = newGenerationName(dir);
    mkdirSync(join(dir, gen));
    boundary('migrate: generation folder made');
    for (const n of plain) {
      hardLinkOrCopy(join(dir, n), join(dir, gen, n));
      boundary(`migrate: ${n} linked`);
    }
    fsyncPath(join(dir, gen));
    linkAtomically(dir, CURRENT, gen);
    fsyncPath(dir);
    boundary('migrate: current set');
  }
  for (const n of plain) {
    // A name the generation lacks (a kill mid-migration, or a file added later) joins it first.
    if (!existsSync(join(dir, gen, n))) hardLinkOrCopy(join(dir, n), join(dir, gen, n));
    linkAtomically(dir, n, `${CURRENT}/${n}`);
    boundary(`migrate: ${n} is a link`);
  }
  fsyncPath(dir);
}

function hardLinkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/**
 * Removes what a killed save left behind: temporary files and generation folders that are not
 * current, when the process that made them is gone (or is this one, between saves). Returns the
 * names removed.
 */
export function cleanAgentDir(dir: string): string[] {
  if (!lstatOrUndefined(dir)?.isDirectory()) return [];
  const current = currentGeneration(dir);
  const removed: string[] = [];
  const sweep = (folder: string, prefix: string, gens: boolean) => {
    for (const name of readdirSync(folder)) {
      const tmp = TMP_RE.exec(name);
      const gen = gens ? GEN_RE.exec(name) : null;
      if (tmp) {
        const pid = Number(tmp[1]);
        // Our own temporaries may belong to a write in flight (an `eval` beside a training in the
        // extension host): only an hour-old one of ours is stale.
        const stale = pid === process.pid ? Date.now() - statSync(join(folder, name)).mtimeMs > 3600_000 : !isAlive(pid);
        if (stale) {
          rmSync(join(folder, name), { force: true });
          removed.push(prefix + name);
        }
      } else if (gen && name !== current && (Number(gen[1]) === process.pid || !isAlive(Number(gen[1])))) {
        rmSync(join(folder, name), { recursive: true, force: true });
        removed.push(prefix + name);
      }
    }
  };
  sweep(dir, '', true);
  if (current && existsSync(join(dir, current))) sweep(join(dir, current), `${current}/`, false);
  return removed;
}

/**
 * Saves one agent generation into `dir` (made if missing) and switches to it atomically.
 * `historyLine` is appended to the previous generation's history inside the new one.
 */
export function saveAgentGeneration(dir: string, files: Partial<Record<GenerationFile, Buffer | string>>, historyLine?: string): void {
  mkdirSync(dir, { recursive: true });
  cleanAgentDir(dir);
  migrateOldLayout(dir);
  const previous = currentGeneration(dir);
  const gen = newGenerationName(dir);
  const genDir = join(dir, gen);
  mkdirSync(genDir);
  boundary('generation folder made');
  const contents: Partial<Record<GenerationFile, Buffer | string>> = { ...files };
  if (historyLine !== undefined) {
    const before = previous && existsSync(join(dir, previous, 'history.jsonl')) ? readFileSync(join(dir, previous, 'history.jsonl')) : Buffer.alloc(0);
    const line = historyLine.endsWith('\n') ? historyLine : historyLine + '\n';
    contents['history.jsonl'] = Buffer.concat([before, Buffer.from(line, 'utf8')]);
  }
  for (const name of GENERATION_FILES) {
    const data = contents[name];
    if (data === undefined) continue;
    writeDurable(join(genDir, name), data);
    boundary(`${name} written`);
  }
  fsyncPath(genDir);
  // Every name is a link through `current` before the switch; a new one dangles (reads as
  // absent) until `current` names a generation that has it.
  for (const name of GENERATION_FILES) {
    if (lstatOrUndefined(join(dir, name))?.isSymbolicLink()) continue;
    linkAtomically(dir, name, `${CURRENT}/${name}`);
    boundary(`${name} link made`);
  }
  boundary('before the switch');
  linkAtomically(dir, CURRENT, gen);
  fsyncPath(dir);
  boundary('switched');
  if (previous) {
    rmSync(join(dir, previous), { recursive: true, force: true });
    boundary('previous generation removed');
  }
}

/**
 * Where to write `file` of an agent folder: through its link into the current generation when
 * it is one, so a rewrite (eval.json) stays inside the generation instead of replacing the link.
 */
export function writableTarget(file: string): string {
  const st = lstatOrUndefined(file);
  if (!st?.isSymbolicLink()) return file;
  const link = readlinkSync(file);
  const dir = join(file, '..');
  if (!link.startsWith(`${CURRENT}/`)) return file;
  const gen = currentGeneration(dir);
  return gen ? join(dir, gen, link.slice(CURRENT.length + 1)) : file;
}
