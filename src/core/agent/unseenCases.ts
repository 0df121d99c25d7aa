/**
 * `eval` never scores a case the agent trained on. Under another protocol, or on another file,
 * the test cases can include the agent's own training cases (measured: 140 of 350 on a public
 * log under `--protocol tax` for an agent trained with the default split); those are left out,
 * and the report says how many. A case is "seen" when a training case has the same id (the
 * `file#` prefix of a multi-log training removed) and the same activities.
 */
import type { Case } from '../log/types';

function key(id: string, c: Case): string {
  return `${id}\u0000${c.events.map((e) => e.activity).join('\u0001')}`;
}

/** Fingerprints of the agent's training cases; `logs` are the files it trained on. */
export function seenCases(train: readonly Case[], logs: readonly string[]): Set<string> {
  const prefixes = logs.length > 1 ? logs.map((f) => `${f}#`) : [];
  const out = new Set<string>();
  for (const c of train) {
    const p = prefixes.find((x) => c.id.startsWith(x));
    out.add(key(p ? c.id.slice(p.length) : c.id, c));
  }
  return out;
}

export interface UnseenSplit {
  unseen: Case[];
  excluded: number;
}

export function dropSeen(test: readonly Case[], seen: ReadonlySet<string>): UnseenSplit {
  const unseen = test.filter((c) => !seen.has(key(c.id, c)));
  return { unseen, excluded: test.length - unseen.length };
}
