/**
 * ONNX export of a ResNet-18 in evaluation mode (opset 13): input 'pixel_values' float32 NCHW [N,3,H,W] with a
 * symbolic batch N, output 'logits' [N,classes]. Each BatchNorm is folded into the conv before it: in eval mode
 * BN is the per-channel affine map y = s·x + (β − s·μ), s = γ/√(σ²+ε), applied right after a linear conv, so
 * W' = s·W and b' = β − s·μ give the same function with one op fewer per conv and no extra pass over the
 * activation; and an INT8 model must quantize the weights that are really applied (W', not W — ONNX Runtime's
 * quantizer folds BN first for the same reason). options.quantize 'int8' writes a QDQ model (onnxQdq.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { INPUT, type LayerNode } from '../architecture';
import { BN_EPS } from '../layers';
import type { ResNet18 } from '../resnet18';
import { calibrateActivations } from '../calibrate';
import { OnnxGraph } from './onnxProto';
import { QdqPlan } from './onnxQdq';

/** What exportOnnx writes. */
export interface OnnxExportOptions {
  /** 'int8': static QDQ quantization (uint8 activations, int8 per-channel weights). Default: float32. */
  quantize?: 'int8';
  /** Calibration images [N,H,W,3] (NHWC, preprocessed) for the activation ranges; required with quantize 'int8'. Not disposed. */
  calibration?: tf.Tensor4D;
}

/** Opset written: 13 is the first with per-axis (per-channel) QuantizeLinear/DequantizeLinear. */
export const ONNX_OPSET = 13;

/** A conv with its BN folded in: weight OIHW [out,in,k,k] (or HWIO [k,k,in,out]) and bias [out], float32. */
export interface FoldedConv {
  weight: Float32Array;
  dims: [number, number, number, number];
  bias: Float32Array;
}

/** Folds BN `bn` into conv `conv`, the scale s = γ/√(σ²+ε) taken in float64; weights OIHW (ONNX) or HWIO (tfjs). */
export async function foldConvBn(m: ResNet18, conv: LayerNode, bn: LayerNode, layout: 'oihw' | 'hwio' = 'oihw'): Promise<FoldedConv> {
  const read = async (key: string) => (await (m.params.get(key) ?? m.buffers.get(key))!.data()) as Float32Array;
  const w = await read(`${conv.name}.weight`);
  const [gamma, beta, mean, variance] = await Promise.all(['gamma', 'beta', 'runningMean', 'runningVar'].map((f) => read(`${bn.name}.${f}`)));
  const k = conv.kernel ?? 1;
  const ci = conv.inChannels ?? 0;
  const co = conv.outChannels ?? 0;
  const weight = new Float32Array(w.length);
  const bias = new Float32Array(co);
  for (let o = 0; o < co; o++) {
    const s = gamma[o] / Math.sqrt(variance[o] + BN_EPS);
    bias[o] = beta[o] - s * mean[o];
    for (let i = 0; i < ci; i++) for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) {
      const src = ((y * k + x) * ci + i) * co + o;
      weight[layout === 'oihw' ? ((o * ci + i) * k + y) * k + x : src] = s * w[src];
    }
  }
  return { weight, dims: layout === 'oihw' ? [co, ci, k, k] : [k, k, ci, co], bias };
}

/** Node name → the nodes that read its output (tells a BN followed by a ReLU from one that feeds an add). */
function consumers(graph: LayerNode[]): Map<string, LayerNode[]> {
  const out = new Map<string, LayerNode[]>();
  for (const n of graph) for (const i of n.inputs) out.set(i, [...(out.get(i) ?? []), n]);
  return out;
}

async function emitNode(g: OnnxGraph, m: ResNet18, node: LayerNode, x: string[], qdq: QdqPlan | null): Promise<string | null> {
  switch (node.kind) {
    case 'conv':
      return null; // emitted with its BN
    case 'bn': {
      const conv = m.graph.find((n) => n.name === node.inputs[0])!;
      const f = await foldConvBn(m, conv, node);
      const attrs = { kernel_shape: [f.dims[2], f.dims[3]], strides: [conv.stride ?? 1, conv.stride ?? 1], pads: Array(4).fill(conv.pad ?? 0) };
      const w = qdq ? qdq.weight(g, `${conv.name}.weight`, f.weight, f.dims, 0) : g.init(`${conv.name}.weight`, f.dims, f.weight);
      const b = qdq ? qdq.bias(g, `${conv.name}.bias`, f.bias, x[0], `${conv.name}.weight`) : g.init(`${conv.name}.bias`, [f.dims[0]], f.bias);
      return g.node('Conv', [x[0], w, b], attrs, node.name);
    }
    case 'relu':
      return g.node('Relu', x, {}, node.name);
    case 'maxpool': {
      const k = node.kernel ?? 3;
      const p = node.pad ?? 0;
      return g.node('MaxPool', x, { kernel_shape: [k, k], strides: [node.stride ?? k, node.stride ?? k], pads: [p, p, p, p] }, node.name);
    }
    case 'add':
      return g.node('Add', x, {}, node.name);
    case 'gap':
      return g.node('Flatten', [g.node('GlobalAveragePool', x)], { axis: 1 }, node.name);
    case 'fc': {
      const w = (await m.params.get('head.fc.weight')!.data()) as Float32Array;
      const bias = (await m.params.get('head.fc.bias')!.data()) as Float32Array;
      const dims = m.params.get('head.fc.weight')!.shape; // [in,out]: Gemm's B without transB
      const wName = qdq ? qdq.weight(g, 'head.fc.weight', w, dims, 1) : g.init('head.fc.weight', dims, w);
      const bName = qdq ? qdq.bias(g, 'head.fc.bias', bias, x[0], 'head.fc.weight') : g.init('head.fc.bias', [bias.length], bias);
      return g.node('Gemm', [x[0], wName, bName], {}, 'logits');
    }
  }
}

/**
 * The ONNX bytes of `m` in evaluation mode (see the file comment). With quantize 'int8' the calibration images
 * set each activation's range. Reads weights with await data(); leaves no tensors behind.
 */
export async function exportOnnx(m: ResNet18, options: OnnxExportOptions = {}): Promise<Uint8Array> {
  if (options.quantize && options.quantize !== 'int8') throw new Error(`exportOnnx: quantize must be 'int8' or absent, got "${String(options.quantize)}".`);
  if (options.quantize === 'int8' && !options.calibration) {
    throw new Error('exportOnnx: an int8 model needs calibration images (options.calibration, [N,H,W,3] preprocessed) to fix its activation ranges.');
  }
  const qdq = options.quantize === 'int8' ? new QdqPlan(await calibrateActivations(m, options.calibration!)) : null;
  const g = new OnnxGraph();
  const used = consumers(m.graph);
  const names = new Map<string, string>([[INPUT, qdq ? qdq.activation(g, INPUT, 'pixel_values') : 'pixel_values']]);
  for (const node of m.graph) {
    // A BN reads its conv's input: the conv is emitted together with it.
    const from = node.kind === 'bn' ? m.graph.find((n) => n.name === node.inputs[0])!.inputs : node.inputs;
    const out = await emitNode(g, m, node, from.map((i) => names.get(i)!), qdq);
    if (out === null) continue;
    // Outputs read only by a ReLU stay float: ONNX Runtime then fuses Conv/Add + ReLU + QuantizeLinear into one int8 op.
    const beforeRelu = used.get(node.name)?.every((c) => c.kind === 'relu') ?? false;
    names.set(node.name, qdq && node.kind !== 'fc' && !beforeRelu ? qdq.activation(g, node.name, out) : out);
  }
  const c = m.config;
  return g.encode({
    input: 'pixel_values', inputDims: ['N', 3, c.inputSize, c.inputSize], output: 'logits', outputDims: ['N', c.numClasses],
    opset: ONNX_OPSET,
    doc: `ResNet-18 (${c.variant}, width ×${c.widthMultiplier}, ${c.numClasses} classes), eval mode, BatchNorm folded${qdq ? ', INT8 QDQ' : ''}.`,
  });
}
