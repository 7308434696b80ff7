/**
 * The part of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, proto2, package onnx) that an exported CNN
 * needs, as a protobufjs JSON descriptor with the schema's own field names and numbers, and a small builder
 * that collects nodes and initializers and encodes the ModelProto with protobufjs.
 */
import protobuf from 'protobufjs/light';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });

/** onnx.proto messages used here; field numbers are the schema's (do not renumber). */
const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: { type: 'int64', id: 1 }, producer_name: { type: 'string', id: 2 },
            producer_version: { type: 'string', id: 3 }, doc_string: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 }, opset_import: repeated('OperatorSetIdProto', 8),
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1), name: { type: 'string', id: 2 }, initializer: repeated('TensorProto', 5),
            doc_string: { type: 'string', id: 10 }, input: repeated('ValueInfoProto', 11), output: repeated('ValueInfoProto', 12),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1), output: repeated('string', 2), name: { type: 'string', id: 3 },
            op_type: { type: 'string', id: 4 }, attribute: repeated('AttributeProto', 5), domain: { type: 'string', id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 }, f: { type: 'float', id: 2 }, i: { type: 'int64', id: 3 },
            ints: { ...repeated('int64', 8), options: { packed: false } }, type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { ...repeated('int64', 1), options: { packed: false } }, data_type: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 }, raw_data: { type: 'bytes', id: 9 },
          },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensor_type: { type: 'TypeProtoTensor', id: 1 } } },
        // TypeProto.Tensor in the schema; nesting does not change the wire format.
        TypeProtoTensor: { fields: { elem_type: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: repeated('Dimension', 1) } },
        Dimension: { fields: { dim_value: { type: 'int64', id: 1 }, dim_param: { type: 'string', id: 2 } } },
      },
    },
  },
};

/** TensorProto.DataType values. */
export const ONNX_DTYPE = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
/** AttributeProto.AttributeType values. */
const ATTR_TYPE = { float: 1, int: 2, ints: 7 } as const;

let modelType: protobuf.Type | undefined;
function modelProto(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto');
  return modelType;
}

type AttrValue = number | number[] | { float: number };
type Dim = number | string;

/** Collects an ONNX graph: nodes in topological order, initializers (raw little-endian bytes), input and output. */
export class OnnxGraph {
  private nodes: object[] = [];
  private inits: object[] = [];
  private count = 0;

  /** Appends a node; returns its output name (`out` or a fresh one). Integers and int lists become INT/INTS attributes. */
  node(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, out?: string): string {
    const output = out ?? `${op.toLowerCase()}_${++this.count}`;
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v) ? { name, type: ATTR_TYPE.ints, ints: v }
        : typeof v === 'number' ? { name, type: ATTR_TYPE.int, i: v }
          : { name, type: ATTR_TYPE.float, f: v.float });
    this.nodes.push({ op_type: op, input: inputs, output: [output], name: `${output}_${op}`, attribute });
    return output;
  }

  /** Adds a constant tensor (values copied as little-endian bytes); returns its name. */
  init(name: string, dims: number[], values: Float32Array | Int8Array | Uint8Array | Int32Array): string {
    const dataType = values instanceof Float32Array ? ONNX_DTYPE.float : values instanceof Int8Array ? ONNX_DTYPE.int8
      : values instanceof Uint8Array ? ONNX_DTYPE.uint8 : ONNX_DTYPE.int32;
    const bytes = new Uint8Array(values.byteLength);
    const view = new DataView(bytes.buffer);
    values.forEach((v: number, i: number) => {
      if (dataType === ONNX_DTYPE.float) view.setFloat32(i * 4, v, true);
      else if (dataType === ONNX_DTYPE.int32) view.setInt32(i * 4, v, true);
      else view.setUint8(i, v & 0xff);
    });
    this.inits.push({ name, dims, data_type: dataType, raw_data: bytes });
    return name;
  }

  /** The ModelProto bytes: one float32 input and one float32 output with the given dims (strings are symbolic). */
  encode(opts: { input: string; inputDims: Dim[]; output: string; outputDims: Dim[]; opset: number; doc: string }): Uint8Array {
    const valueInfo = (name: string, dims: Dim[]) => ({
      name,
      type: { tensor_type: { elem_type: ONNX_DTYPE.float, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
    });
    const type = modelProto();
    const message = type.fromObject({
      // IR version 7 is the one that goes with opset 13 (onnx/docs/Versioning.md).
      ir_version: 7,
      producer_name: 'resnet18-notebook',
      producer_version: '0.1.0',
      doc_string: opts.doc,
      opset_import: [{ domain: '', version: opts.opset }],
      graph: {
        name: 'resnet18', node: this.nodes, initializer: this.inits,
        input: [valueInfo(opts.input, opts.inputDims)], output: [valueInfo(opts.output, opts.outputDims)],
      },
    });
    return type.encode(message).finish();
  }
}
