/**
 * ResNet-18 over tfjs: build (torchvision initialisation, seeded), dispose, and the forward pass that walks
 * the graph of architecture.ts. Activations NHWC, conv kernels HWIO, fc weight [in,out].
 */
import * as tf from '@tensorflow/tfjs-core';
import { INPUT, boundaryAliases, buildGraph, makeConfig, type LayerNode, type ResNetConfig } from './architecture';
import { batchNorm, conv2d, globalAvgPool, linear, maxPool2d, relu, type BatchNormState } from './layers';
import { createRng, normalArray, uniformArray, type Rng } from './random';

export { makeConfig, buildGraph, type LayerNode, type ResNetConfig, type Variant } from './architecture';

/** A built model. Owns its variables: free them with {@link disposeResNet18}. */
export interface ResNet18 {
  config: ResNetConfig;
  /** Topological list of layer nodes; the one description that forward and summary both read. */
  graph: LayerNode[];
  /** Trainable: '<conv>.weight' HWIO [k,k,in,out]; '<bn>.gamma', '<bn>.beta' [C]; 'head.fc.weight' [in,out]; 'head.fc.bias' [out]. */
  params: Map<string, tf.Variable>;
  /** Not trainable: '<bn>.runningMean', '<bn>.runningVar' [C]. */
  buffers: Map<string, tf.Variable>;
}

/** Seed used when none is given, so two default models are identical. */
export const DEFAULT_SEED = 1234;

let modelCounter = 0;

function makeVariable(data: Float32Array, shape: number[], trainable: boolean, name: string): tf.Variable {
  const t = tf.tensor(data, shape, 'float32');
  const v = tf.variable(t, trainable, name);
  t.dispose(); // the variable holds its own reference to the data
  return v;
}

/** Parameter arrays of one node, in torchvision's init (no tensors yet). */
function initNode(node: LayerNode, rng: Rng): { key: string; data: Float32Array; shape: number[]; trainable: boolean }[] {
  const c = node.outChannels ?? 0;
  if (node.kind === 'conv') {
    const k = node.kernel ?? 1;
    const cin = node.inChannels ?? 0;
    // kaiming_normal_(mode='fan_out', nonlinearity='relu'): std = gain/sqrt(fan_out), gain = sqrt(2), fan_out = Cout·k·k.
    const std = Math.sqrt(2 / (c * k * k));
    return [{ key: 'weight', data: normalArray(rng, k * k * cin * c, std), shape: [k, k, cin, c], trainable: true }];
  }
  if (node.kind === 'bn') {
    return [
      { key: 'gamma', data: new Float32Array(c).fill(1), shape: [c], trainable: true },
      { key: 'beta', data: new Float32Array(c), shape: [c], trainable: true },
      { key: 'runningMean', data: new Float32Array(c), shape: [c], trainable: false },
      { key: 'runningVar', data: new Float32Array(c).fill(1), shape: [c], trainable: false },
    ];
  }
  if (node.kind === 'fc') {
    const fanIn = node.inChannels ?? 1;
    // nn.Linear default: kaiming_uniform_(a=√5) for the weight = U(±1/√fan_in); bias U(±1/√fan_in) too.
    const bound = 1 / Math.sqrt(fanIn);
    return [
      { key: 'weight', data: uniformArray(rng, fanIn * c, bound), shape: [fanIn, c], trainable: true },
      { key: 'bias', data: uniformArray(rng, c, bound), shape: [c], trainable: true },
    ];
  }
  return [];
}

/**
 * Builds a ResNet-18 with torchvision's initialisation, reproducible from `seed`: convs kaiming-normal
 * (fan_out, relu), BN γ=1 β=0, running mean 0 / var 1, fc U(±1/√fan_in). Caller disposes with disposeResNet18.
 */
export function createResNet18(config: Partial<ResNetConfig> = {}, opts: { seed?: number } = {}): ResNet18 {
  const cfg = makeConfig(config);
  const graph = buildGraph(cfg);
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  const id = ++modelCounter;
  const params = new Map<string, tf.Variable>();
  const buffers = new Map<string, tf.Variable>();
  for (const node of graph) {
    for (const p of initNode(node, rng)) {
      const key = `${node.name}.${p.key}`;
      // tfjs variable names are global: prefix with a model id so several models can coexist.
      const v = makeVariable(p.data, p.shape, p.trainable, `resnet18_${id}/${key}`);
      (p.trainable ? params : buffers).set(key, v);
    }
  }
  return { config: cfg, graph, params, buffers };
}

/** Frees every variable of the model (params and buffers) and empties its maps. */
export function disposeResNet18(m: ResNet18): void {
  for (const v of m.params.values()) v.dispose();
  for (const v of m.buffers.values()) v.dispose();
  m.params.clear();
  m.buffers.clear();
}

/** Options of a forward pass. */
export interface ForwardOptions {
  /** true: BatchNorm uses batch statistics and updates the running ones (PyTorch train()). Default false. */
  training?: boolean;
  /** Activations to return: node names and aliases ('stem', 'stage1'..'stage4', 'stage2.block1', 'head.gap'), or 'all'. */
  taps?: string[] | 'all';
}

/** Logits [N,classes] and requested activations (NHWC, or [N,C] for 'head.gap'/'head.fc'). Caller disposes ALL of them. */
export interface ForwardResult {
  logits: tf.Tensor2D;
  activations: Map<string, tf.Tensor>;
}

/** Every name `taps` accepts: all node names, then 'stem', block names and stage names. */
export function tapNames(m: ResNet18): string[] {
  return [...m.graph.map((n) => n.name), ...boundaryAliases(m.graph).keys()];
}

/** Tap name → node that produces it; throws with the valid names if unknown. */
function resolveTaps(m: ResNet18, taps: ForwardOptions['taps']): Map<string, string> {
  const aliases = boundaryAliases(m.graph);
  const names = taps === 'all' ? tapNames(m) : (taps ?? []);
  const out = new Map<string, string>();
  for (const t of names) {
    const node = aliases.get(t) ?? (m.graph.some((n) => n.name === t) ? t : undefined);
    if (!node) throw new Error(`Unknown tap "${t}". Use a layer name (e.g. 'stage2.block1.conv1'), a block ('stage2.block1'), 'stem', 'stage1'..'stage4' or 'head.gap'.`);
    out.set(t, node);
  }
  return out;
}

function param(m: ResNet18, key: string): tf.Variable {
  const v = m.params.get(key) ?? m.buffers.get(key);
  if (!v) throw new Error(`Model has no tensor "${key}" (was it disposed?).`);
  return v;
}

/** Applies one node to its input tensors (`fuseRelu`: a BatchNorm node with the ReLU after it fused in). */
function applyNode(m: ResNet18, node: LayerNode, inputs: tf.Tensor[], training: boolean, fuseRelu = false): tf.Tensor {
  const x = inputs[0];
  switch (node.kind) {
    case 'conv':
      return conv2d(x as tf.Tensor4D, param(m, `${node.name}.weight`) as tf.Tensor4D, { stride: node.stride, pad: node.pad });
    case 'bn': {
      const state: BatchNormState = {
        gamma: param(m, `${node.name}.gamma`) as tf.Tensor1D,
        beta: param(m, `${node.name}.beta`) as tf.Tensor1D,
        runningMean: param(m, `${node.name}.runningMean`) as tf.Variable<tf.Rank.R1>,
        runningVar: param(m, `${node.name}.runningVar`) as tf.Variable<tf.Rank.R1>,
      };
      return batchNorm(x, state, training, fuseRelu);
    }
    case 'relu':
      return relu(x);
    case 'maxpool':
      return maxPool2d(x as tf.Tensor4D, node.kernel ?? 3, node.stride ?? 2, node.pad ?? 0);
    case 'add':
      return tf.add(inputs[0], inputs[1]);
    case 'gap':
      return globalAvgPool(x as tf.Tensor4D);
    case 'fc':
      return linear(x as tf.Tensor2D, param(m, 'head.fc.weight') as tf.Tensor2D, param(m, 'head.fc.bias') as tf.Tensor1D);
  }
}

/**
 * Runs graph nodes start..end with `seed` standing for node `seedName`. Intermediates are freed as soon as
 * their last consumer ran (a 224² batch would otherwise hold every layer's output at once); taps are clones.
 */
function runGraph(m: ResNet18, start: number, seedName: string, seed: tf.Tensor, opts: ForwardOptions): ForwardResult {
  const taps = resolveTaps(m, opts.taps);
  const training = opts.training ?? false;
  const graph = m.graph;
  const uses = new Map<string, number>();
  for (let i = start; i < graph.length; i++) for (const n of graph[i].inputs) uses.set(n, (uses.get(n) ?? 0) + 1);
  const { logits, acts } = tf.tidy(() => {
    const values = new Map<string, tf.Tensor>([[seedName, seed]]);
    const acts: Record<string, tf.Tensor> = {};
    const emit = (name: string, t: tf.Tensor) => {
      for (const [tap, node] of taps) if (node === name) acts[tap] = tf.clone(t);
    };
    emit(seedName, seed);
    for (let i = start; i < graph.length; i++) {
      const node = graph[i];
      const inputs = node.inputs.map((n) => {
        const t = values.get(n);
        if (!t) throw new Error(`Cannot run ${node.name}: its input "${n}" is not available from this starting point.`);
        return t;
      });
      // Training: a BatchNorm whose only consumer is the ReLU right after it, and which no tap asks for, runs fused
      // with it; the pair's output stands for the ReLU node.
      const next = graph[i + 1];
      const fuse = training && node.kind === 'bn' && next?.kind === 'relu' && next.inputs.length === 1 &&
        next.inputs[0] === node.name && uses.get(node.name) === 1 && ![...taps.values()].includes(node.name);
      const y = applyNode(m, node, inputs, training, fuse);
      const produced = fuse ? next.name : node.name;
      values.set(produced, y);
      emit(produced, y);
      for (const n of node.inputs) {
        const left = (uses.get(n) ?? 1) - 1;
        uses.set(n, left);
        if (left === 0 && n !== seedName) values.get(n)?.dispose();
      }
      if (fuse) i += 1;
    }
    return { logits: values.get(graph[graph.length - 1].name) as tf.Tensor2D, acts };
  });
  return { logits, activations: new Map(Object.entries(acts)) };
}

function checkInput(x: tf.Tensor, channels: number, what: string): void {
  if (x.rank !== 4 || x.shape[3] !== channels) {
    throw new Error(`${what} must be NHWC [N,H,W,${channels}], got [${x.shape.join(',')}].`);
  }
}

/**
 * Forward pass: x [N,H,W,3] (NHWC, already normalised) → logits [N,classes] plus the tapped activations.
 * training=true: batch statistics + running-stat update (works inside tf.variableGrads). Caller disposes
 * logits and every activation; x is not disposed.
 */
export function forward(m: ResNet18, x: tf.Tensor4D, opts: ForwardOptions = {}): ForwardResult {
  checkInput(x, 3, 'Input image batch');
  return runGraph(m, 0, INPUT, x, opts);
}

/**
 * Runs from a block boundary ('stem', 'stage1.block1', …, 'stage4.block2', 'stage1'..'stage4') to the logits,
 * `activation` standing for that boundary's output [N,h,w,C]. For Grad-CAM: tf.grad of a class score w.r.t. the
 * 'stage4' activation. Caller disposes the result; `activation` is not disposed.
 */
export function forwardFrom(m: ResNet18, from: string, activation: tf.Tensor4D, opts: ForwardOptions = {}): ForwardResult {
  const nodeName = boundaryAliases(m.graph).get(from);
  if (!nodeName) throw new Error(`forwardFrom needs a block boundary ('stem', 'stage2.block1', 'stage4', …), got "${from}".`);
  const index = m.graph.findIndex((n) => n.name === nodeName);
  checkInput(activation, m.graph[index].outChannels ?? 0, `Activation at "${from}"`);
  return runGraph(m, index + 1, nodeName, activation, opts);
}
