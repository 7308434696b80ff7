/**
 * The lesson's model work, kept free of the worker so Node tests can run it: the student model (the loaded
 * backbone with a fresh K-class head), pictures → preprocessed batches at the chosen crop (the Run it pipeline:
 * bicubic shortest edge crop/0.875, centre crop, ImageNet mean/std), and one prediction with its Grad-CAM.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  createResNet18, disposeResNet18, forward, gradCam, preprocess, trainStep, Optimizer, createRng, permutation, RESNET18_PREPROCESS, type ResNet18,
} from '../../src/lib/nn';
import type { Pictures, WeightArrays } from './teachProtocol';
import { t } from '../../src/lib/i18n/index';

/** The head's recipe lives with its trainer (headFit.ts, which Node scripts import without the page's text). */
export { HEAD_EPOCHS, HEAD_LR } from './headFit';

/** Crops the learner can pick: the pretrained model's own 224, or smaller for speed. */
export const CROPS = [224, 160, 128] as const;

/** Full fine-tuning's recipe: SGD momentum 0.9 at FULL_LR for the head, FULL_BACKBONE_SCALE × that for every other layer. */
export const FULL_LR = 0.01;
export const FULL_BACKBONE_SCALE = 0.1;

/**
 * A ResNet-18 with `classes` outputs for `crop`² inputs whose every tensor but head.fc comes from `w` (head.fc keeps
 * nn.Linear's seeded init). Throws in plain words (and frees what it made) when a tensor is missing or has another
 * shape. Caller disposes the model.
 */
export function buildStudent(w: WeightArrays, classes: number, crop = 224): ResNet18 {
  const m = createResNet18({ numClasses: classes, inputSize: crop }, { seed: 1 });
  const byName = new Map(w.names.map((n, i) => [n, i]));
  for (const [name, v] of [...m.params, ...m.buffers]) {
    if (name.startsWith('head.fc.')) continue;
    const i = byName.get(name);
    if (i === undefined || w.shapes[i].join() !== v.shape.join()) {
      disposeResNet18(m);
      throw new Error(t("The loaded weights have no tensor '{name}' of shape [{shape}]: load a ResNet-18 (ImageNet) checkpoint.", { name, shape: v.shape.join(',') }));
    }
  }
  for (const [name, v] of [...m.params, ...m.buffers]) {
    const i = byName.get(name);
    if (i !== undefined && !name.startsWith('head.fc.')) tf.tidy(() => v.assign(tf.tensor(w.data[i], w.shapes[i], 'float32')));
  }
  return m;
}

/** Picture `i` of `p` as RGBA (the layout preprocess reads). */
function rgbaOf(p: Pictures, i: number): { width: number; height: number; data: Uint8ClampedArray } {
  const n = p.side * p.side;
  const out = new Uint8ClampedArray(n * 4);
  const base = i * n * 3;
  for (let k = 0; k < n; k++) {
    out[k * 4] = p.rgb[base + k * 3];
    out[k * 4 + 1] = p.rgb[base + k * 3 + 1];
    out[k * 4 + 2] = p.rgb[base + k * 3 + 2];
    out[k * 4 + 3] = 255;
  }
  return { width: p.side, height: p.side, data: out };
}

/** Pictures start..end-1 preprocessed at `crop` px: [b,crop,crop,3] NHWC. Caller disposes. */
export function pictureBatch(p: Pictures, start: number, end: number, crop: number): tf.Tensor4D {
  return pictureRows(p, Int32Array.from({ length: end - start }, (_, i) => start + i), crop);
}

/** Pictures `idx` (in that order) preprocessed at `crop` px: [idx.length,crop,crop,3] NHWC. Caller disposes. */
export function pictureRows(p: Pictures, idx: ArrayLike<number>, crop: number): tf.Tensor4D {
  const cfg = { ...RESNET18_PREPROCESS, shortestEdge: crop };
  const size = crop * crop * 3;
  const out = new Float32Array(idx.length * size);
  for (let i = 0; i < idx.length; i++) out.set(preprocess(rgbaOf(p, idx[i]), cfg).pixels, i * size);
  return tf.tensor4d(out, [idx.length, crop, crop, 3]);
}

/**
 * Full fine-tuning: `epochs` passes over the pictures with every layer trainable (BatchNorm in training mode, as
 * torch's model.train()), SGD momentum 0.9, the head at `lr` and the backbone at FULL_BACKBONE_SCALE × lr, seeded
 * shuffles, batches of `batch`. Returns each epoch's mean loss. Throws (NonFiniteStepError) on divergence, that
 * step not applied. No tensor escapes.
 */
export async function fitAllLayers(m: ResNet18, p: Pictures, crop: number, o: { epochs: number; lr: number; batch: number; seed: number }): Promise<number[]> {
  const n = p.labels.length;
  const opt = new Optimizer({ kind: 'sgd', lr: o.lr, momentum: 0.9 }, m.params, [
    { match: (name) => name.startsWith('head.fc.') },
    { match: () => true, lrScale: FULL_BACKBONE_SCALE },
  ]);
  const rng = createRng(o.seed);
  const losses: number[] = [];
  try {
    for (let e = 0; e < o.epochs; e++) {
      const order = permutation(n, rng);
      let sum = 0;
      for (let at = 0; at < n; at += o.batch) {
        const idx = order.subarray(at, Math.min(n, at + o.batch));
        const x = pictureRows(p, idx, crop);
        const y = tf.tensor1d(Array.from(idx, (i) => p.labels[i]), 'int32');
        try {
          sum += (await trainStep(m, opt, x, y)).loss * idx.length;
        } finally {
          tf.dispose([x, y]);
        }
      }
      losses.push(sum / n);
    }
  } finally {
    opt.dispose();
  }
  return losses;
}

/** Predicted class of every picture of `p` by the whole model in eval mode, 16 at a time. No tensor escapes. */
export async function predictPictures(m: ResNet18, p: Pictures, crop: number): Promise<Int32Array> {
  const n = p.labels.length;
  const out = new Int32Array(n);
  for (let at = 0; at < n; at += 16) {
    const x = pictureBatch(p, at, Math.min(n, at + 16), crop);
    const { logits } = forward(m, x);
    const pred = tf.argMax(logits, 1);
    out.set(await pred.data(), at);
    tf.dispose([x, logits, pred]);
  }
  return out;
}

/** What the page shows for one picture: class probabilities, Grad-CAM heat [crop·crop] for camClass, and the crop (RGB). */
export interface Prediction { probs: Float32Array; heat: Float32Array; camClass: number; crop: Uint8Array; side: number }

/** Predicts picture 0 of `p` in eval mode and explains `camClass` (default: the top class) with Grad-CAM. Leaves no tensors. */
export async function predictOne(m: ResNet18, p: Pictures, crop: number, camClass: number | null): Promise<Prediction> {
  const cfg = { ...RESNET18_PREPROCESS, shortestEdge: crop };
  const pre = preprocess(rgbaOf(p, 0), cfg);
  const x = tf.tensor4d(pre.pixels, [1, crop, crop, 3]);
  const { logits, activations } = forward(m, x, { taps: ['stage4'] });
  const probsT = tf.tidy(() => tf.reshape(tf.softmax(logits), [-1]));
  const probs = (await probsT.data()) as Float32Array;
  let top = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[top]) top = i;
  const cls = camClass ?? top;
  const heatT = gradCam(m, activations.get('stage4') as tf.Tensor4D, cls, [crop, crop]);
  const heat = (await heatT.data()) as Float32Array;
  tf.dispose([x, logits, probsT, heatT, ...activations.values()]);
  const rgb = new Uint8Array(crop * crop * 3);
  for (let k = 0; k < crop * crop; k++) for (let c = 0; c < 3; c++) rgb[k * 3 + c] = pre.cropped.data[k * 4 + c];
  return { probs, heat, camClass: cls, crop: rgb, side: crop };
}
