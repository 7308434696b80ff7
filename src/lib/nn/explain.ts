/**
 * What the "Run it" and "Architecture" lessons compute on a built ResNet-18: one forward pass that keeps
 * every layer's activation, top-k probabilities, Grad-CAM (Selvaraju et al. 2017) and vanilla saliency
 * (Simonyan et al. 2013). tfjs only, NHWC; every function says who disposes what it returns.
 * Functional ops (tf.mul(a, b), not a.mul(b)): the page loads tfjs-core, which does not register the chained
 * tensor methods that @tensorflow/tfjs (and so the Node tests) adds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, forwardFrom, type ForwardResult, type ResNet18 } from './resnet18';
import { summarize, type LayerSummary } from './summary';
import { loadWeights, parseHfConfig, type LoadReport } from './io/weights';
import type { SafeTensor } from './io/safetensors';

/**
 * Puts a parsed checkpoint into the model (what the page does after a hub download or a file drop):
 * class names from config.json's id2label when given, then loadWeights (all-or-nothing). Throws Error /
 * WeightsError with a message for the learner; the model is unchanged on failure. Creates no tensors.
 */
export function applyCheckpoint(m: ResNet18, tensors: Map<string, SafeTensor>, config?: unknown): { report: LoadReport; labels: string[] | null } {
  const labels = config === undefined ? null : parseHfConfig(config).id2label;
  if (labels && labels.length !== m.config.numClasses) {
    throw new Error(`config.json has ${labels.length} classes but the model has ${m.config.numClasses}`);
  }
  return { report: loadWeights(m, tensors), labels };
}

/**
 * One forward pass of x [1,H,W,3] (normalised NHWC) with every graph node tapped: logits [1,classes] and
 * activations keyed by layer name ([1,h,w,c], or [1,c] for head.gap / head.fc). Switching the layer a page
 * shows reads from this map; nothing is recomputed. Caller disposes logits and every activation.
 */
export function runAllLayers(m: ResNet18, x: tf.Tensor4D): ForwardResult {
  return forward(m, x, { taps: m.graph.map((n) => n.name) });
}

/** One entry of a top-k list. */
export interface TopKEntry { index: number; prob: number; logit: number }

/** Softmax of logits [1,classes] and the k most probable classes, best first. Reads with await data(). */
export async function topK(logits: tf.Tensor2D, k = 5): Promise<TopKEntry[]> {
  const probs = tf.tidy(() => tf.softmax(tf.squeeze(logits, [0])));
  const [p, l] = await Promise.all([probs.data(), logits.data()]);
  probs.dispose();
  const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a]).slice(0, k);
  return order.map((i) => ({ index: i, prob: p[i], logit: l[i] }));
}

/** y_c of logits [1,classes] as a scalar: a one-hot dot product (gather's gradient needs a kernel wasm lacks). */
function classScore(logits: tf.Tensor2D, classIndex: number): tf.Scalar {
  const n = logits.shape[1];
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < n)) throw new Error(`class ${classIndex} is not in 0..${n - 1}`);
  return tf.sum(tf.mul(logits, tf.oneHot([classIndex], n))) as tf.Scalar;
}

/**
 * Grad-CAM at the resolution of `stage4` [1,h,w,C]: w_k = mean over (i,j) of ∂y_c/∂A_k(i,j), then
 * ReLU(Σ_k w_k A_k) → [h,w]. y_c is the class logit (pre-softmax, as in the paper). Caller disposes.
 */
export function gradCamRaw(m: ResNet18, stage4: tf.Tensor4D, classIndex: number): tf.Tensor2D {
  return tf.tidy(() => {
    const score = (a: tf.Tensor) => {
      const r = forwardFrom(m, 'stage4', a as tf.Tensor4D);
      return classScore(r.logits, classIndex);
    };
    const g = tf.grad(score)(stage4);
    const weights = tf.mean(g, [1, 2], true); // [1,1,1,C]
    const [, h, w] = stage4.shape;
    return tf.reshape(tf.relu(tf.sum(tf.mul(stage4, weights), 3)), [h, w]) as tf.Tensor2D;
  });
}

/** Grad-CAM bilinearly upsampled to [outH,outW] (the input image), not normalised. Caller disposes. */
export function gradCam(m: ResNet18, stage4: tf.Tensor4D, classIndex: number, outSize: [number, number]): tf.Tensor2D {
  return tf.tidy(() => {
    const raw = gradCamRaw(m, stage4, classIndex);
    const [h, w] = raw.shape;
    const up = tf.image.resizeBilinear(tf.reshape(raw, [1, h, w, 1]) as tf.Tensor4D, outSize, false, true);
    return tf.reshape(up, outSize) as tf.Tensor2D;
  });
}

/** Vanilla saliency: max over RGB of |∂y_c/∂x| for x [1,H,W,3] → [H,W]. A full backward pass. Caller disposes. */
export function saliency(m: ResNet18, x: tf.Tensor4D, classIndex: number): tf.Tensor2D {
  return tf.tidy(() => {
    const score = (input: tf.Tensor) => {
      const r = forward(m, input as tf.Tensor4D);
      return classScore(r.logits, classIndex);
    };
    const g = tf.grad(score)(x);
    const [, h, w] = x.shape;
    return tf.reshape(tf.max(tf.abs(g), 3), [h, w]) as tf.Tensor2D;
  });
}

/** A layer of the model as the architecture graph draws it: summary row + graph fields. Plain data. */
export interface DescribedLayer extends LayerSummary {
  inputs: string[];
  kernel?: number;
  stride?: number;
  pad?: number;
  inChannels?: number;
  outChannels?: number;
}

/** Reads the built model: its summary rows joined with its graph nodes, plus the input shape [h,w,3]. */
export function describeModel(m: ResNet18): { inputShape: number[]; layers: DescribedLayer[]; totalParams: number; totalMacs: number; bufferValues: number } {
  const s = summarize(m);
  const nodes = new Map(m.graph.map((n) => [n.name, n]));
  const layers = s.layers.map((l) => {
    const n = nodes.get(l.name)!;
    return { ...l, inputs: n.inputs, kernel: n.kernel, stride: n.stride, pad: n.pad, inChannels: n.inChannels, outChannels: n.outChannels };
  });
  const side = m.config.inputSize;
  return { inputShape: [side, side, 3], layers, totalParams: s.totalParams, totalMacs: s.totalMacs, bufferValues: s.bufferValues };
}

/** A single image's activation as plain numbers: NHWC [h,w,c] (or [c]). Awaits the data; disposes nothing. */
export async function toPlain(t: tf.Tensor): Promise<{ data: Float32Array; shape: number[] }> {
  const data = (await t.data()) as Float32Array;
  return { data, shape: t.shape.slice(1) };
}
