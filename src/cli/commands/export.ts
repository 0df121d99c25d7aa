/**
 * `process-agent export --agent <agentDir> --out <file.onnx> [--batch B] [--length T]`: a
 * standalone inference model with the weights embedded (plain onnxruntime in any language runs
 * it), plus `<file>.tokenizer.json` so its token ids can be read back as activities.
 */
import { exportAgent } from '../../core/agent/exportAgent';
import { DEFAULT_AGENT_DIR } from '../../core/train/agentDir';
import { num, parse, UserError } from '../options';

const HELP = `usage: process-agent export --agent <agentDir> --out <file.onnx> [--batch 1] [--length <context>]
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { agent: { type: 'string' }, out: { type: 'string' }, batch: { type: 'string' }, length: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'export');
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UserError(`export: unexpected argument "${positionals[0]}"; use --agent <agentDir> --out <file.onnx>.`);
  if (typeof values.out !== 'string') throw new UserError('export: say where to write the model with --out <file.onnx>.');
  const written = exportAgent(typeof values.agent === 'string' ? values.agent : DEFAULT_AGENT_DIR, values.out, { batch: num(values, 'batch', 'int'), length: num(values, 'length', 'int') });
  process.stdout.write(`wrote ${written.model} (inputs tokens [${written.batch}, ${written.length}] int32, positions [${written.batch}] int32; output log_probs [${written.batch}, ${written.vocabSize}]) and ${written.tokenizer}\n`);
  return 0;
}
