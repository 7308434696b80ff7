/**
 * SE-ResNet-18 for the side-by-side run: the notebook's ResNet-18 (same graph, same weights) with a
 * squeeze-and-excitation gate on the residual branch of every basic block, between bn2 and the add (Hu et al.,
 * fig. 3). The gates' weights are extra variables; the forward walks the model's graph as resnet18.ts does and
 * calls seForward where a block adds its two branches.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchNorm, conv2d, createRng, globalAvgPool, linear, maxPool2d, relu, uniformArray, type LayerNode, type ResNet18 } from '../../src/lib/nn';
import { seForward, seHidden, type SeParams } from './seBlock';

/** An SE-ResNet-18: the base model plus one gate per block (keyed by block name, e.g. 'stage2.block1'). */
export interface SeResNet {
  base: ResNet18;
  gates: Map<string, SeParams & { vars: tf.Variable[] }>;
  /** Every trainable variable, the base's and the gates' ('<block>.se.w1' …), for an Optimizer. */
  params: Map<string, tf.Variable>;
}

let gateSets = 0;

/**
 * Adds gates of reduction r to `base` (which the SeResNet now shares: dispose with disposeSeGates, then the base).
 * Weights and biases start as torch.nn.Linear's, uniform in ±1/√fan_in, from `seed`.
 */
export function addSeGates(base: ResNet18, r: number, seed: number): SeResNet {
  const rng = createRng(seed);
  const id = ++gateSets; // tfjs variable names are global
  const gates = new Map<string, SeParams & { vars: tf.Variable[] }>();
  const params = new Map(base.params);
  for (const node of base.graph.filter((n) => n.kind === 'add')) {
    const c = node.outChannels!;
    const h = seHidden(c, r);
    const v = (name: string, shape: number[], fanIn: number) => {
      const init = tf.tensor(uniformArray(rng, shape.reduce((a, b) => a * b, 1), 1 / Math.sqrt(fanIn)), shape);
      const t = tf.variable(init, true, `se${id}.${node.block}.se.${name}`);
      init.dispose(); // the variable keeps its own reference to the data
      params.set(`${node.block}.se.${name}`, t);
      return t;
    };
    const w1 = v('w1', [c, h], c), b1 = v('b1', [h], c), w2 = v('w2', [h, c], h), b2 = v('b2', [c], h);
    gates.set(node.block!, { w1, b1, w2, b2, vars: [w1, b1, w2, b2] } as SeParams & { vars: tf.Variable[] });
  }
  return { base, gates, params };
}

/** Frees the gates' variables (not the base model's). */
export function disposeSeGates(m: SeResNet): void {
  for (const g of m.gates.values()) g.vars.forEach((v) => v.dispose());
}

function p(m: ResNet18, key: string): tf.Variable {
  return (m.params.get(key) ?? m.buffers.get(key))!;
}

/** One graph node, with the gate applied to a block's residual branch before its add. */
function applySeNode(m: SeResNet, node: LayerNode, x: tf.Tensor[], training: boolean): tf.Tensor {
  const b = m.base;
  switch (node.kind) {
    case 'conv': return conv2d(x[0] as tf.Tensor4D, p(b, `${node.name}.weight`) as tf.Tensor4D, { stride: node.stride, pad: node.pad });
    case 'bn': return batchNorm(x[0], { gamma: p(b, `${node.name}.gamma`) as tf.Tensor1D, beta: p(b, `${node.name}.beta`) as tf.Tensor1D,
      runningMean: p(b, `${node.name}.runningMean`) as tf.Variable<tf.Rank.R1>, runningVar: p(b, `${node.name}.runningVar`) as tf.Variable<tf.Rank.R1> }, training);
    case 'relu': return relu(x[0]);
    case 'maxpool': return maxPool2d(x[0] as tf.Tensor4D, node.kernel ?? 3, node.stride ?? 2, node.pad ?? 0);
    case 'add': return tf.add(seForward(x[0] as tf.Tensor4D, m.gates.get(node.block!)!), x[1]);
    case 'gap': return globalAvgPool(x[0] as tf.Tensor4D);
    case 'fc': return linear(x[0] as tf.Tensor2D, p(b, 'head.fc.weight') as tf.Tensor2D, p(b, 'head.fc.bias') as tf.Tensor1D);
  }
}

/** Logits [N,classes] of x [N,H,W,3] NHWC; training = BN batch statistics (running ones updated). Caller disposes. */
export function seLogits(m: SeResNet, x: tf.Tensor4D, training = false): tf.Tensor2D {
  return tf.tidy(() => {
    const values = new Map<string, tf.Tensor>([['input', x]]);
    for (const node of m.base.graph) values.set(node.name, applySeNode(m, node, node.inputs.map((n) => values.get(n)!), training));
    return values.get('head.fc') as tf.Tensor2D;
  });
}
