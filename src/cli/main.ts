/**
 * The `process-agent` command line. Each subcommand lives in src/cli/commands/<name>.ts and
 * exports `run(argv): Promise<number>` (the exit code). Bad input: one clear sentence on
 * stderr and a non-zero exit, never a stack trace.
 */
// First, before any command can load onnxruntime: see core/noTelemetry.ts.
import '../core/noTelemetry';
import { installSafeOutput } from './terminal';

// Before anything prints: names from a log (activities, columns, files) may hold escape codes.
installSafeOutput();

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  // Subcommands register here, one line each, e.g.:
  // stats: { summary: 'print log statistics', load: () => import('./commands/stats') },
  stats: { summary: 'print statistics of an event log', load: () => import('./commands/stats.js') },
  train: { summary: 'train an agent on event logs', load: () => import('./commands/train.js') },
  eval: { summary: "score an agent beside the baselines", load: () => import('./commands/eval.js') },
  predict: { summary: 'next steps and likely rest of a case', load: () => import('./commands/predict.js') },
  export: { summary: 'write an agent as a standalone .onnx model', load: () => import('./commands/export.js') },
  search: { summary: 'search hyperparameters, save the best agent', load: () => import('./commands/search.js') },
  map: { summary: 'print the process map (directly-follows graph); --svg draws it', load: () => import('./commands/map.js') },
  insights: { summary: 'critical path, bottlenecks and automation candidates', load: () => import('./commands/insights.js') },
};

function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['usage: process-agent <command> [options]', '', 'commands:', ...rows, ''].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`process-agent: unknown command "${name}".\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Known input problems carry a full sentence already; anything else is a bug worth its stack.
    const e = err as Error;
    process.stderr.write(`process-agent: ${e.name === 'LogError' || e.name === 'UserError' ? e.message : e.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
