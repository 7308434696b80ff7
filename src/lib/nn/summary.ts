/**
 * The model summary (what torchinfo prints), read off a built model's graph and parameter shapes
 * (summarize) or off a configuration's graph alone, without building anything (summarizeConfig):
 * per layer the output shape, parameters, multiply-adds and receptive field. Plain numbers, no tensors.
 */
import type { LayerNode, ResNetConfig } from './architecture';
import { INPUT, buildGraph, makeConfig } from './architecture';
import type { ResNet18 } from './resnet18';

/** One row of the summary. */
export interface LayerSummary {
  name: string;
  kind: LayerNode['kind'];
  stage: string;
  block?: string;
  /** [h,w,c] for feature maps, [c] after global average pooling and for the logits (batch dimension left out). */
  outputShape: number[];
  /** Trainable values (weights, biases, γ, β) of this layer. Running statistics are not counted here. */
  params: number;
  /**
   * Multiply-accumulates for one image. conv: Hout·Wout·k·k·Cin·Cout; fc: in·out; BN, ReLU, pooling and the
   * residual add count 0 — the convention of torchvision's "1.81 GFLOPS" and the paper's "1.8×10⁹ FLOPs".
   */
  macs: number;
  /**
   * Theoretical receptive field in input pixels: size r and jump j (input pixels between neighbouring outputs).
   * A k×k, stride-s layer maps (r, j) → (r + (k−1)·j, j·s); the add takes its inputs' largest r; global average
   * pooling acts as one window over the whole h×w map.
   */
  receptiveField: { size: number; jump: number };
}

/** Summary of a whole model. */
export interface ModelSummary {
  layers: LayerSummary[];
  /** Sum of all trainable parameter values. */
  totalParams: number;
  /** BatchNorm running-statistic values (mean + var per channel); saved in checkpoints, never trained. */
  bufferValues: number;
  /** Sum of the layers' multiply-adds for one image at config.inputSize². */
  totalMacs: number;
}

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Parameter shapes of each node, from the model's variables ('<node>.<field>' keys). */
function paramShapesByNode(m: ResNet18): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  for (const [key, v] of m.params) {
    const dot = key.lastIndexOf('.');
    const node = key.slice(0, dot);
    if (!out.has(node)) out.set(node, new Map());
    out.get(node)!.set(key.slice(dot + 1), v.shape);
  }
  return out;
}

/** Output side of a k×k window layer, PyTorch floor mode: ⌊(h + 2p − k)/s⌋ + 1. */
function windowOut(h: number, k: number, s: number, p: number): number {
  return Math.floor((h + 2 * p - k) / s) + 1;
}

function shapeOf(node: LayerNode, input: number[], shapes: Map<string, number[]>): number[] {
  const [h, w] = input;
  const k = node.kernel ?? 1;
  const s = node.stride ?? 1;
  const p = node.pad ?? 0;
  switch (node.kind) {
    case 'conv':
      return [windowOut(h, k, s, p), windowOut(w, k, s, p), node.outChannels ?? 0];
    case 'maxpool':
      return [windowOut(h, k, s, p), windowOut(w, k, s, p), input[2]];
    case 'gap':
      return [input[2]];
    case 'fc':
      return [node.outChannels ?? 0];
    case 'add': {
      const other = shapes.get(node.inputs[1]) ?? input;
      if (other.join() !== input.join()) throw new Error(`${node.name}: cannot add [${input}] and [${other}].`);
      return input;
    }
    default:
      return input;
  }
}

function macsOf(node: LayerNode, out: number[], shapes: Map<string, number[]> | undefined): number {
  const weight = shapes?.get('weight');
  if (!weight) return 0;
  if (node.kind === 'conv') {
    const [kh, kw, cin, cout] = weight;
    return out[0] * out[1] * kh * kw * cin * cout; // groups = 1 everywhere in ResNet-18
  }
  if (node.kind === 'fc') return weight[0] * weight[1];
  return 0;
}

type Rf = { size: number; jump: number };

function receptiveFieldOf(node: LayerNode, inputs: Rf[], inShape: number[]): Rf {
  const rf = inputs[0];
  if (node.kind === 'conv' || node.kind === 'maxpool') {
    const k = node.kernel ?? 1;
    return { size: rf.size + (k - 1) * rf.jump, jump: rf.jump * (node.stride ?? 1) };
  }
  if (node.kind === 'add') return { size: Math.max(...inputs.map((r) => r.size)), jump: rf.jump };
  if (node.kind === 'gap') return { size: rf.size + (inShape[0] - 1) * rf.jump, jump: rf.jump * inShape[0] };
  return rf;
}

/** Parameter shapes of one node, keyed by field ('weight', 'gamma', …); undefined for nodes without any. */
type NodeShapes = (node: LayerNode) => Map<string, number[]> | undefined;

/** The rows and totals for `graph` at side² inputs, with each node's parameter shapes from `shapesOf`. */
function summarizeGraph(graph: LayerNode[], side: number, shapesOf: NodeShapes, bufferValues: number): ModelSummary {
  const shapes = new Map<string, number[]>([[INPUT, [side, side, 3]]]);
  const rfs = new Map<string, Rf>([[INPUT, { size: 1, jump: 1 }]]);
  const layers: LayerSummary[] = [];
  for (const node of graph) {
    const inShape = shapes.get(node.inputs[0])!;
    const outputShape = shapeOf(node, inShape, shapes);
    if (outputShape.some((d) => !(d >= 1))) {
      throw new Error(`Input ${side}×${side} is too small: ${node.name} would have shape [${outputShape.join(',')}].`);
    }
    const receptiveField = receptiveFieldOf(node, node.inputs.map((n) => rfs.get(n)!), inShape);
    shapes.set(node.name, outputShape);
    rfs.set(node.name, receptiveField);
    const own = shapesOf(node);
    const count = own ? [...own.values()].reduce((a, s) => a + product(s), 0) : 0;
    layers.push({
      name: node.name, kind: node.kind, stage: node.stage, block: node.block,
      outputShape, params: count, macs: macsOf(node, outputShape, own), receptiveField,
    });
  }
  return {
    layers,
    totalParams: layers.reduce((a, l) => a + l.params, 0),
    bufferValues,
    totalMacs: layers.reduce((a, l) => a + l.macs, 0),
  };
}

/** Per-layer shapes, parameters, multiply-adds and receptive fields at config.inputSize² (one image). */
export function summarize(m: ResNet18): ModelSummary {
  const params = paramShapesByNode(m);
  let bufferValues = 0;
  for (const v of m.buffers.values()) bufferValues += v.size;
  return summarizeGraph(m.graph, m.config.inputSize, (node) => params.get(node.name), bufferValues);
}

/**
 * Trainable parameter shapes a node of the graph implies, as the builder makes them: conv weight HWIO
 * [k,k,in,out] (no bias: BN follows); BN γ, β [C]; fc weight [in,out] and bias [out].
 */
function graphParamShapes(node: LayerNode): Map<string, number[]> | undefined {
  const cin = node.inChannels ?? 0;
  const c = node.outChannels ?? 0;
  if (node.kind === 'conv') return new Map([['weight', [node.kernel ?? 1, node.kernel ?? 1, cin, c]]]);
  if (node.kind === 'bn') return new Map([['gamma', [c]], ['beta', [c]]]);
  if (node.kind === 'fc') return new Map([['weight', [cin, c]], ['bias', [c]]]);
  return undefined;
}

/**
 * The same summary as {@link summarize} for the model a configuration describes, read off its layer graph
 * alone: no model is built, no tensors are made (cheap enough to call on every UI change). Throws, like
 * makeConfig, on a nonsensical configuration and when the input is too small for the network.
 */
export function summarizeConfig(config: Partial<ResNetConfig>): ModelSummary {
  const cfg = makeConfig(config);
  const graph = buildGraph(cfg);
  // each BN keeps a running mean and a running variance per channel
  const bufferValues = graph.reduce((a, n) => a + (n.kind === 'bn' ? 2 * (n.outChannels ?? 0) : 0), 0);
  return summarizeGraph(graph, cfg.inputSize, graphParamShapes, bufferValues);
}

/** Parameters and multiply-adds summed per stage ('stem', 'stage1'..'stage4', 'head'), in graph order. */
export function stageTotals(s: ModelSummary): { stage: string; params: number; macs: number }[] {
  const out: { stage: string; params: number; macs: number }[] = [];
  for (const l of s.layers) {
    let row = out.find((r) => r.stage === l.stage);
    if (!row) out.push((row = { stage: l.stage, params: 0, macs: 0 }));
    row.params += l.params;
    row.macs += l.macs;
  }
  return out;
}
