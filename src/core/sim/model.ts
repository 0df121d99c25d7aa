/**
 * A tiny process-model language for the simulator: steps, sequences, exclusive choices whose
 * weights may depend on hidden case attributes, parallel (AND) blocks whose branches interleave
 * by time, rework loops, and draws of hidden attributes. Models are plain data plus small
 * weight functions, written in code (see loan.ts).
 */

/** Hidden case attributes drawn during simulation, e.g. { size: 'large' }. */
export type Attributes = Readonly<Record<string, string>>;

/** A weight, fixed or depending on the attributes drawn so far. */
export type Weight = number | ((attrs: Attributes) => number);

export interface StepNode {
  kind: 'step';
  activity: string;
  /** Who may do it; picked uniformly, or by `pickResource` when given. */
  resources: readonly string[];
  pickResource?: (attrs: Attributes, resources: readonly string[]) => readonly string[];
  /** Median minutes from the previous event to this one (waiting plus work). */
  medianMinutes: number;
  /** Log-normal spread (σ of the log); 0 = always the median. */
  spread: number;
}

export interface SeqNode {
  kind: 'seq';
  nodes: readonly ProcessNode[];
}

export interface XorNode {
  kind: 'xor';
  branches: readonly { weight: Weight; node: ProcessNode }[];
}

/** Branches start together; their events merge by time, so their order varies case by case. */
export interface AndNode {
  kind: 'and';
  branches: readonly ProcessNode[];
}

/** body, then while a draw with probability `again` succeeds (at most `max` times): redo, body. */
export interface LoopNode {
  kind: 'loop';
  body: ProcessNode;
  redo: ProcessNode;
  again: Weight;
  max: number;
}

/** Draws a hidden attribute; it leaves no event, only shapes later choices. */
export interface DrawNode {
  kind: 'draw';
  attribute: string;
  values: readonly { value: string; weight: Weight }[];
}

export type ProcessNode = StepNode | SeqNode | XorNode | AndNode | LoopNode | DrawNode;

export const EMPTY: SeqNode = { kind: 'seq', nodes: [] };

export function step(
  activity: string,
  resources: readonly string[],
  medianMinutes: number,
  options: { spread?: number; pickResource?: StepNode['pickResource'] } = {},
): StepNode {
  return { kind: 'step', activity, resources, medianMinutes, spread: options.spread ?? 0.8, pickResource: options.pickResource };
}

export function seq(...nodes: ProcessNode[]): SeqNode {
  return { kind: 'seq', nodes };
}

export function xor(...branches: [Weight, ProcessNode][]): XorNode {
  return { kind: 'xor', branches: branches.map(([weight, node]) => ({ weight, node })) };
}

export function and(...branches: ProcessNode[]): AndNode {
  return { kind: 'and', branches };
}

export function loop(body: ProcessNode, redo: ProcessNode, again: Weight, max: number): LoopNode {
  return { kind: 'loop', body, redo, again, max };
}

export function draw(attribute: string, values: Record<string, Weight>): DrawNode {
  return { kind: 'draw', attribute, values: Object.entries(values).map(([value, weight]) => ({ value, weight })) };
}

/** Every activity a model can produce, in first-mention order. */
export function activitiesOf(node: ProcessNode): string[] {
  const out = new Set<string>();
  const walk = (n: ProcessNode): void => {
    switch (n.kind) {
      case 'step':
        out.add(n.activity);
        return;
      case 'seq':
        n.nodes.forEach(walk);
        return;
      case 'xor':
        n.branches.forEach((b) => walk(b.node));
        return;
      case 'and':
        n.branches.forEach(walk);
        return;
      case 'loop':
        walk(n.body);
        walk(n.redo);
        return;
      case 'draw':
        return;
    }
  };
  walk(node);
  return [...out];
}
