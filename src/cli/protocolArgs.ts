/** `--protocol NAME` and `--test FILE` → an EvalProtocol (see core/eval/protocol.ts). */
import { chronologicalProtocol, defaultProtocol, protocolByName, ramaProtocol, type ProtocolName } from '../core/eval/protocol';
import type { EvalProtocol } from '../core/eval/types';
import { num, oneOf, UserError, type Options } from './options';

export const PROTOCOL_OPTIONS: Options = {
  protocol: { type: 'string' },
  test: { type: 'string' },
  'test-fraction': { type: 'string' },
};

/** Undefined when neither option is given (the core's default protocol then applies). */
export function protocolFromArgs(values: Record<string, string | boolean | undefined>, logs: readonly string[]): EvalProtocol | undefined {
  const name = oneOf(values, 'protocol', ['default', 'tax', 'chronological', 'pgtnet'] as const satisfies readonly ProtocolName[]);
  const testFraction = num(values, 'test-fraction');
  if (testFraction !== undefined) {
    // The chronological split's share of test cases (the README's "chronological 2/3" rows: 0.3333).
    if (typeof values.test === 'string' || (name !== undefined && name !== 'default' && name !== 'chronological')) {
      throw new UserError('--test-fraction applies to the chronological split: use it with --protocol default or chronological.');
    }
    const base = name === 'chronological' ? chronologicalProtocol(0.2) : defaultProtocol();
    return chronologicalProtocol(testFraction, { dropStraddling: base.split.kind === 'chronological' && base.split.dropStraddling, minPrefix: base.minPrefix, eosTarget: base.eosTarget });
  }
  if (typeof values.test === 'string') return ramaProtocol(logs[0], values.test);
  return name ? protocolByName(name) : undefined;
}
