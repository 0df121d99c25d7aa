/**
 * A loaded agent as the editor features use it: the agent, a label matcher over its
 * activities, and next-step predictions memoised per prefix (typing the letters of one step
 * asks the same question again and again). No `vscode` import, so it runs in plain Node tests.
 */
import { ActivityMatcher } from '../core/spec';
import type { Agent, Prediction } from '../core/agent/types';

export interface LoadedAgent {
  agent: Agent;
  matcher: ActivityMatcher;
  /** BPE agents use unknown steps as context; activity agents skip them. */
  usesUnknownSteps: boolean;
  /** Top-k next steps for a prefix, memoised. */
  predict(prefix: readonly string[], k: number, signal?: AbortSignal): Promise<Prediction>;
}

const MEMO_SIZE = 256;

/** The tokenizer kind, where the agent exposes it (core's ProcessAgent does). */
function tokenizerKind(agent: Agent): string | undefined {
  const t = (agent as Partial<{ tokenizer: { kind?: unknown } }>).tokenizer;
  return typeof t?.kind === 'string' ? t.kind : undefined;
}

export function toLoadedAgent(agent: Agent): LoadedAgent {
  const memo = new Map<string, Prediction>();
  return {
    agent,
    matcher: new ActivityMatcher(agent.activities),
    usesUnknownSteps: tokenizerKind(agent) === 'bpe',
    async predict(prefix, k, signal) {
      const key = `${k}\u0000${prefix.join('\u0000')}`;
      const hit = memo.get(key);
      if (hit) return hit;
      const p = await agent.predictNext(prefix, k, signal);
      if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
      memo.set(key, p);
      return p;
    },
  };
}
