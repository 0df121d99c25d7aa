/** `--protocol NAME` and `--test FILE` → an EvalProtocol (see core/eval/protocol.ts). */
import { protocolByName, ramaProtocol, type ProtocolName } from '../core/eval/protocol';
import type { EvalProtocol } from '../core/eval/types';
import { oneOf, type Options } from './options';

export const PROTOCOL_OPTIONS: Options = {
  protocol: { type: 'string' },
  test: { type: 'string' },
};

/** Undefined when neither option is given (the core's default protocol then applies). */
export function protocolFromArgs(values: Record<string, string | boolean | undefined>, logs: readonly string[]): EvalProtocol | undefined {
  const name = oneOf(values, 'protocol', ['default', 'tax', 'chronological', 'pgtnet'] as const satisfies readonly ProtocolName[]);
  if (typeof values.test === 'string') return ramaProtocol(logs[0], values.test);
  return name ? protocolByName(name) : undefined;
}
