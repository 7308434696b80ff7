/**
 * Export as a TensorFlow.js GraphModel (format 'graph-model': a TensorFlow GraphDef in JSON plus a weights
 * manifest), the file pair tf.loadGraphModel reads. Evaluation mode with BatchNorm folded into the convs (see
 * onnxExport.ts for why). Input 'pixel_values' float32 NHWC [N,H,W,3] (tfjs's layout; N dynamic), output 'logits'.
 * Max-pool pads with an explicit Pad of zeros: after ReLU every value is ≥ 0, so a zero border never wins a max,
 * exactly like PyTorch's −∞ padding (TensorFlow's MaxPool has no explicit padding).
 */
import { INPUT, type LayerNode } from '../architecture';
import type { ResNet18 } from '../resnet18';
import { foldConvBn } from './onnxExport';

/** Name of the weights file the manifest points to. */
export const GRAPH_MODEL_WEIGHTS = 'resnet18.weights.bin';

/** A GraphModel: model.json's object (weightsManifest included) and the weights file's bytes. */
export interface GraphModelArtifacts {
  modelJson: { format: string; generatedBy: string; modelTopology: object; weightsManifest: object[] };
  /** The same topology and weight specs as tf.io.fromMemory takes them. */
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[];
  weightData: ArrayBuffer;
}

const ints = (xs: number[]) => ({ list: { i: xs.map(String) } });
const str = (s: string) => ({ s: btoa(s) });
const FLOAT = { type: 'DT_FLOAT' };
const INT32 = { type: 'DT_INT32' };

class GraphDef {
  nodes: object[] = [];
  specs: GraphModelArtifacts['weightSpecs'] = [];
  private chunks: Float32Array[] = [];

  op(name: string, op: string, input: string[], attr: Record<string, object> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: FLOAT, ...attr } });
    return name;
  }

  /** A Const node whose value comes from the weights file (float32) or is inlined in the manifest (int32). */
  constant(name: string, shape: number[], values: Float32Array | Int32Array): string {
    const dtype = values instanceof Float32Array ? 'float32' : 'int32';
    const dt = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: dt }, value: { tensor: { dtype: dt, tensorShape: { dim: shape.map((d) => ({ size: String(d) })) } } } } });
    this.specs.push({ name, shape, dtype });
    this.chunks.push(values instanceof Float32Array ? values : new Float32Array(values.buffer.slice(0))); // int32 bytes, copied as they are
    return name;
  }

  weightData(): ArrayBuffer {
    const total = this.chunks.reduce((a, c) => a + c.byteLength, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
      at += c.byteLength;
    }
    return out.buffer;
  }
}

async function emit(g: GraphDef, m: ResNet18, node: LayerNode, x: string[]): Promise<string | null> {
  const n = node.name;
  switch (node.kind) {
    case 'conv':
      return null;
    case 'bn': {
      const conv = m.graph.find((c) => c.name === node.inputs[0])!;
      const f = await foldConvBn(m, conv, node, 'hwio');
      const s = conv.stride ?? 1;
      const p = conv.pad ?? 0;
      const y = g.op(`${conv.name}/Conv2D`, 'Conv2D', [x[0], g.constant(`${conv.name}.weight`, f.dims, f.weight)], {
        strides: ints([1, s, s, 1]), padding: str('EXPLICIT'), explicit_paddings: ints([0, 0, p, p, p, p, 0, 0]),
        data_format: str('NHWC'), dilations: ints([1, 1, 1, 1]),
      });
      return g.op(n, 'BiasAdd', [y, g.constant(`${conv.name}.bias`, [f.bias.length], f.bias)], { data_format: str('NHWC') });
    }
    case 'relu':
      return g.op(n, 'Relu', x);
    case 'maxpool': {
      const p = node.pad ?? 0;
      const k = node.kernel ?? 3;
      const s = node.stride ?? k;
      const padded = g.op(`${n}/Pad`, 'Pad', [x[0], g.constant(`${n}/paddings`, [4, 2], new Int32Array([0, 0, p, p, p, p, 0, 0]))], { Tpaddings: INT32 });
      return g.op(n, 'MaxPool', [padded], { ksize: ints([1, k, k, 1]), strides: ints([1, s, s, 1]), padding: str('VALID'), data_format: str('NHWC') });
    }
    case 'add':
      return g.op(n, 'AddV2', x);
    case 'gap':
      return g.op(n, 'Mean', [x[0], g.constant(`${n}/axes`, [2], new Int32Array([1, 2]))], { keep_dims: { b: false }, Tidx: INT32 });
    case 'fc': {
      const w = m.params.get('head.fc.weight')!;
      const b = m.params.get('head.fc.bias')!;
      const mm = g.op(`${n}/MatMul`, 'MatMul', [x[0], g.constant('head.fc.weight', w.shape, (await w.data()) as Float32Array)], { transpose_a: { b: false }, transpose_b: { b: false } });
      const y = g.op(`${n}/BiasAdd`, 'BiasAdd', [mm, g.constant('head.fc.bias', b.shape, (await b.data()) as Float32Array)], { data_format: str('NHWC') });
      return g.op('logits', 'Identity', [y]);
    }
  }
}

/**
 * The model as a tfjs GraphModel (see the file comment). Load it with
 * tf.loadGraphModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData })) or from model.json + the
 * weights file; run with model.execute(x NHWC [N,H,W,3]) → logits [N,classes]. Reads weights with await data().
 */
export async function exportGraphModel(m: ResNet18): Promise<GraphModelArtifacts> {
  const g = new GraphDef();
  const c = m.config;
  g.nodes.push({ name: 'pixel_values', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: { dim: [-1, c.inputSize, c.inputSize, 3].map((d) => ({ size: String(d) })) } } } });
  const names = new Map<string, string>([[INPUT, 'pixel_values']]);
  for (const node of m.graph) {
    const from = node.kind === 'bn' ? m.graph.find((n) => n.name === node.inputs[0])!.inputs : node.inputs;
    const out = await emit(g, m, node, from.map((i) => names.get(i)!));
    if (out !== null) names.set(node.name, out);
  }
  const modelTopology = { node: g.nodes, library: {}, versions: { producer: 1 } };
  return {
    modelJson: {
      format: 'graph-model', generatedBy: 'resnet18-notebook', modelTopology,
      weightsManifest: [{ paths: [GRAPH_MODEL_WEIGHTS], weights: g.specs }],
    },
    modelTopology,
    weightSpecs: g.specs,
    weightData: g.weightData(),
  };
}
