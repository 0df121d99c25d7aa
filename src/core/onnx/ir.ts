/**
 * The in-memory graph: plain data that serialize.ts turns into an ONNX ModelProto.
 * Values are handles (never wired by string), shapes are static per compiled graph.
 */

export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
export type Shape = readonly number[];
export type FloatType = 'float32' | 'float64';

/** A tensor flowing through the graph. `name` is unique within a graph (scoped, e.g. `h.0.attn.q`). */
export interface Value {
  readonly id: number;
  readonly name: string;
  readonly dtype: DType;
  readonly shape: Shape;
}

export type TypedData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export type Attr =
  | { kind: 'int'; v: number }
  | { kind: 'ints'; v: readonly number[] }
  | { kind: 'float'; v: number }
  | { kind: 'string'; v: string }
  | { kind: 'tensor'; v: Initializer }
  | { kind: 'graph'; v: GraphIR };

export interface NodeIR {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** `null` marks an omitted optional input. */
  readonly inputs: readonly (Value | null)[];
  readonly outputs: readonly Value[];
  readonly attrs: Readonly<Record<string, Attr>>;
}

export interface Initializer {
  readonly value: Value;
  readonly data: TypedData;
}

export interface GraphIR {
  readonly name: string;
  readonly inputs: readonly Value[];
  readonly outputs: readonly Value[];
  readonly nodes: readonly NodeIR[];
  readonly initializers: readonly Initializer[];
}

export const attr = {
  i: (v: number): Attr => ({ kind: 'int', v }),
  ints: (v: readonly number[]): Attr => ({ kind: 'ints', v }),
  f: (v: number): Attr => ({ kind: 'float', v }),
  s: (v: string): Attr => ({ kind: 'string', v }),
  tensor: (v: Initializer): Attr => ({ kind: 'tensor', v }),
  graph: (v: GraphIR): Attr => ({ kind: 'graph', v }),
};

/** ONNX TensorProto.DataType codes. */
export const ONNX_DTYPE: Record<DType, number> = { float32: 1, float64: 11, int32: 6, int64: 7, bool: 9 };

export function sizeOf(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeStr(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function isFloat(t: DType): t is FloatType {
  return t === 'float32' || t === 'float64';
}
