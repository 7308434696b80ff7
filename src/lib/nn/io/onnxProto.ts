/**
 * The part of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, proto2, package onnx) that an exported CNN
 * needs, encoded with protobufjs's Writer: one small function per message, writing each field with the schema's
 * own field number — the code protobufjs's static generator (pbjs -t static) emits. Not the reflection API:
 * that builds its encoders with new Function(), which the page's Content-Security-Policy (no 'unsafe-eval') forbids.
 */
import protobuf from 'protobufjs/minimal';

type Writer = protobuf.Writer;

/** Protobuf wire types: varint, 32-bit, length-delimited. */
const VARINT = 0;
const FIXED32 = 5;
const LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

/** Writes a length-delimited sub-message with `body`. */
function sub(w: Writer, field: number, body: (w: Writer) => void): void {
  w.uint32(tag(field, LEN)).fork();
  body(w);
  w.ldelim();
}

/** TensorProto.DataType values. */
export const ONNX_DTYPE = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
/** AttributeProto.AttributeType values. */
const ATTR_TYPE = { float: 1, int: 2, ints: 7 } as const;

type AttrValue = number | number[] | { float: number };
type Dim = number | string;

interface NodeRec { op: string; inputs: string[]; output: string; attrs: [string, AttrValue][] }
interface InitRec { name: string; dims: number[]; dataType: number; bytes: Uint8Array }

/** AttributeProto: name 1, f 2, i 3, ints 8 (proto2: not packed), type 20. */
function writeAttribute(w: Writer, name: string, v: AttrValue): void {
  w.uint32(tag(1, LEN)).string(name);
  if (Array.isArray(v)) {
    for (const x of v) w.uint32(tag(8, VARINT)).int64(x);
    w.uint32(tag(20, VARINT)).int32(ATTR_TYPE.ints);
  } else if (typeof v === 'number') {
    w.uint32(tag(3, VARINT)).int64(v).uint32(tag(20, VARINT)).int32(ATTR_TYPE.int);
  } else {
    w.uint32(tag(2, FIXED32)).float(v.float).uint32(tag(20, VARINT)).int32(ATTR_TYPE.float);
  }
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
function writeNode(w: Writer, n: NodeRec): void {
  for (const x of n.inputs) w.uint32(tag(1, LEN)).string(x);
  w.uint32(tag(2, LEN)).string(n.output).uint32(tag(3, LEN)).string(`${n.output}_${n.op}`).uint32(tag(4, LEN)).string(n.op);
  for (const [name, v] of n.attrs) sub(w, 5, (a) => writeAttribute(a, name, v));
}

/** TensorProto: dims 1 (not packed), data_type 2, name 8, raw_data 9. */
function writeTensor(w: Writer, t: InitRec): void {
  for (const d of t.dims) w.uint32(tag(1, VARINT)).int64(d);
  w.uint32(tag(2, VARINT)).int32(t.dataType).uint32(tag(8, LEN)).string(t.name).uint32(tag(9, LEN)).bytes(t.bytes);
}

/** ValueInfoProto (name 1, type 2) of a float tensor: TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 → dim_value 1 | dim_param 2. */
function writeValueInfo(w: Writer, name: string, dims: Dim[]): void {
  w.uint32(tag(1, LEN)).string(name);
  sub(w, 2, (tp) => sub(tp, 1, (tt) => {
    tt.uint32(tag(1, VARINT)).int32(ONNX_DTYPE.float);
    sub(tt, 2, (shape) => {
      for (const d of dims) {
        sub(shape, 1, (dim) => (typeof d === 'number' ? dim.uint32(tag(1, VARINT)).int64(d) : dim.uint32(tag(2, LEN)).string(d)));
      }
    });
  }));
}

/** Collects an ONNX graph: nodes in topological order, initializers (raw little-endian bytes), input and output. */
export class OnnxGraph {
  private nodes: NodeRec[] = [];
  private inits: InitRec[] = [];
  private count = 0;

  /** Appends a node; returns its output name (`out` or a fresh one). Integers and int lists become INT/INTS attributes. */
  node(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, out?: string): string {
    const output = out ?? `${op.toLowerCase()}_${++this.count}`;
    this.nodes.push({ op, inputs, output, attrs: Object.entries(attrs) });
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
    this.inits.push({ name, dims, dataType, bytes });
    return name;
  }

  /**
   * The ModelProto bytes (ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7,
   * opset_import 8; GraphProto: node 1, name 2, initializer 5, input 11, output 12). One float32 input and
   * one float32 output with the given dims (strings are symbolic).
   */
  encode(opts: { input: string; inputDims: Dim[]; output: string; outputDims: Dim[]; opset: number; doc: string }): Uint8Array {
    const w = protobuf.Writer.create();
    // IR version 7 is the one that goes with opset 13 (onnx/docs/Versioning.md).
    w.uint32(tag(1, VARINT)).int64(7);
    w.uint32(tag(2, LEN)).string('resnet18-notebook').uint32(tag(3, LEN)).string('0.1.0').uint32(tag(6, LEN)).string(opts.doc);
    sub(w, 7, (g) => {
      for (const n of this.nodes) sub(g, 1, (x) => writeNode(x, n));
      g.uint32(tag(2, LEN)).string('resnet18');
      for (const t of this.inits) sub(g, 5, (x) => writeTensor(x, t));
      sub(g, 11, (x) => writeValueInfo(x, opts.input, opts.inputDims));
      sub(g, 12, (x) => writeValueInfo(x, opts.output, opts.outputDims));
    });
    sub(w, 8, (o) => o.uint32(tag(1, LEN)).string('').uint32(tag(2, VARINT)).int64(opts.opset));
    return w.finish();
  }
}
