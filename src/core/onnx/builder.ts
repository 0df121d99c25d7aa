/**
 * A typed graph builder. Ops (ops.ts, nn.ts) call `emit` to add ONNX nodes and `record` to put a
 * differentiable step on the tape, with its gradient rule as a closure beside the forward code.
 * Shapes are checked when a node is added, so a mistake fails at its line, not inside onnxruntime.
 */
import { attr, Attr, DType, GraphIR, Initializer, NodeIR, Shape, TypedData, Value, shapeStr, sizeOf } from './ir';

/**
 * Gradient rule of one tape step: given the gradients of its outputs (undefined where nothing
 * downstream depends on them) and which inputs need a gradient, emit nodes computing the input
 * gradients (undefined where not needed).
 */
export type GradRule = (dOutputs: readonly (Value | undefined)[], needed: readonly boolean[]) => (Value | undefined)[];

export interface TapeEntry {
  readonly inputs: readonly Value[];
  readonly outputs: readonly Value[];
  readonly grad: GradRule;
}

export class ShapeError extends Error {}

let nextValueId = 1;

export class GraphBuilder {
  private readonly nodes: NodeIR[] = [];
  private readonly inputs: Value[] = [];
  private readonly outputs: Value[] = [];
  private readonly inits: Initializer[] = [];
  private readonly scopes: string[] = [];
  private readonly usedNames = new Set<string>();
  readonly tape: TapeEntry[] = [];

  constructor(readonly name: string) {}

  /** Runs `fn` with `name` appended to the naming scope: values get names like `h.0.attn.q`. */
  scope<T>(name: string | number, fn: () => T): T {
    this.scopes.push(String(name));
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** A fresh, unique, scoped name. */
  uniqueName(base: string): string {
    const full = [...this.scopes, base].join('.');
    let name = full;
    for (let i = 1; this.usedNames.has(name); i++) name = `${full}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  private makeValue(base: string, dtype: DType, shape: Shape, exactName = false): Value {
    const name = exactName ? base : this.uniqueName(base);
    if (exactName) {
      if (this.usedNames.has(name)) throw new ShapeError(`duplicate value name ${name}`);
      this.usedNames.add(name);
    }
    for (const d of shape) {
      if (!Number.isInteger(d) || d <= 0) throw new ShapeError(`${name}: bad shape ${shapeStr(shape)}`);
    }
    return { id: nextValueId++, name, dtype, shape: [...shape] };
  }

  input(name: string, dtype: DType, shape: Shape): Value {
    const v = this.makeValue(name, dtype, shape, true);
    this.inputs.push(v);
    return v;
  }

  /**
   * Marks `v` as a graph output. With `name`, the output gets that exact name: a value computed by
   * a node of this graph is renamed in place (no copy); an input or initializer goes through Identity.
   */
  output(v: Value, name?: string): Value {
    let out = v;
    if (name !== undefined && name !== v.name) {
      const producedHere = this.nodes.some((n) => n.outputs.includes(v));
      if (producedHere && !this.outputs.includes(v)) {
        if (this.usedNames.has(name)) throw new ShapeError(`duplicate value name ${name}`);
        this.usedNames.add(name);
        (v as { name: string }).name = name; // nodes hold the Value itself, so every use follows
      } else {
        out = this.makeValue(name, v.dtype, v.shape, true);
        this.nodes.push({ name: this.uniqueName(`${name}_identity`), opType: 'Identity', domain: '', inputs: [v], outputs: [out], attrs: {} });
      }
    }
    this.outputs.push(out);
    return out;
  }

  /** A constant stored as an initializer. */
  constant(data: TypedData, dtype: DType, shape: Shape, base = 'const'): Value {
    if (data.length !== sizeOf(shape)) throw new ShapeError(`${base}: ${data.length} values for shape ${shapeStr(shape)}`);
    const value = this.makeValue(base, dtype, shape);
    this.inits.push({ value, data });
    return value;
  }

  /** A scalar constant of the given dtype (shape [] unless given). */
  scalar(x: number, dtype: DType, shape: Shape = []): Value {
    return this.constant(typedArrayOf(dtype, [x]), dtype, shape, 'c');
  }

  /** An int64 vector constant (shapes, axes, pads). */
  int64s(xs: readonly number[]): Value {
    return this.constant(BigInt64Array.from(xs.map(BigInt)), 'int64', [xs.length], 'i64');
  }

  /** Adds one ONNX node; `outs` gives each output's dtype and shape (already checked by the caller). */
  emit(
    opType: string,
    inputs: readonly (Value | null)[],
    outs: readonly { dtype: DType; shape: Shape }[],
    attrs: Record<string, Attr> = {},
    domain = '',
  ): Value[] {
    const base = opType.toLowerCase();
    const outputs = outs.map((o) => this.makeValue(base, o.dtype, o.shape));
    this.nodes.push({ name: this.uniqueName(`${base}_node`), opType, domain, inputs, outputs, attrs });
    return outputs;
  }

  /** Puts a differentiable step on the tape. */
  record(inputs: readonly Value[], outputs: readonly Value[], grad: GradRule): void {
    this.tape.push({ inputs, outputs, grad });
  }

  build(): GraphIR {
    return { name: this.name, inputs: this.inputs, outputs: this.outputs, nodes: this.nodes, initializers: this.inits };
  }
}

export function typedArrayOf(dtype: DType, xs: readonly number[]): TypedData {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(xs);
    case 'float64':
      return Float64Array.from(xs);
    case 'int32':
      return Int32Array.from(xs);
    case 'int64':
      return BigInt64Array.from(xs.map((x) => BigInt(x)));
    case 'bool':
      return Uint8Array.from(xs);
  }
}

export { attr };
