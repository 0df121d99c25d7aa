/** GraphIR → ONNX ModelProto bytes, through protobufjs and our onnx.proto subset. */
import * as protobuf from 'protobufjs';
import { Attr, GraphIR, Initializer, ONNX_DTYPE, Value } from './ir';
import { ONNX_PROTO_SUBSET } from './onnxProto';

/** Opset 17: LayerNormalization exists; ReduceSum takes axes as an input (13+), ReduceMean still as an attribute. */
export const OPSET = 17;
const IR_VERSION = 8; // the IR version that goes with opset 17

let modelType: protobuf.Type | undefined;
function ModelProto(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

function valueInfo(v: Value): object {
  return {
    name: v.name,
    type: { tensor_type: { elem_type: ONNX_DTYPE[v.dtype], shape: { dim: v.shape.map((d) => ({ dim_value: d })) } } },
  };
}

function tensor(init: Initializer): object {
  const d = init.data;
  return {
    name: init.value.name,
    dims: init.value.shape,
    data_type: ONNX_DTYPE[init.value.dtype],
    raw_data: new Uint8Array(d.buffer, d.byteOffset, d.byteLength), // little-endian, as ONNX expects
  };
}

const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, graph: 5, ints: 7 } as const;

function attribute(name: string, a: Attr): object {
  const base = { name, type: ATTR_TYPE[a.kind] };
  switch (a.kind) {
    case 'int':
      return { ...base, i: a.v };
    case 'ints':
      return { ...base, ints: a.v };
    case 'float':
      return { ...base, f: a.v };
    case 'string':
      return { ...base, s: Buffer.from(a.v, 'utf8') };
    case 'tensor':
      return { ...base, t: tensor(a.v) };
    case 'graph':
      return { ...base, g: graph(a.v) };
  }
}

function graph(g: GraphIR): object {
  return {
    name: g.name,
    input: g.inputs.map(valueInfo),
    output: g.outputs.map(valueInfo),
    initializer: g.initializers.map(tensor),
    node: g.nodes.map((n) => ({
      name: n.name,
      op_type: n.opType,
      domain: n.domain,
      input: n.inputs.map((v) => (v ? v.name : '')),
      output: n.outputs.map((v) => v.name),
      attribute: Object.entries(n.attrs).map(([k, a]) => attribute(k, a)),
    })),
  };
}

/** The standard opset, and version 1 of each other domain the nodes use (onnxruntime's com.microsoft contrib ops). */
function opsetImports(g: GraphIR): { domain: string; version: number }[] {
  const extra = [...new Set(g.nodes.map((n) => n.domain).filter((d) => d !== ''))].sort();
  return [{ domain: '', version: OPSET }, ...extra.map((domain) => ({ domain, version: 1 }))];
}

export function serializeModel(g: GraphIR): Uint8Array {
  const T = ModelProto();
  const msg = T.fromObject({
    ir_version: IR_VERSION,
    producer_name: 'process-agent',
    producer_version: '0.1',
    opset_import: opsetImports(g),
    graph: graph(g),
  });
  return T.encode(msg).finish();
}
