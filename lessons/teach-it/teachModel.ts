/**
 * The lesson's model work, kept free of the worker so Node tests can run it: the student model (the loaded
 * backbone with a fresh K-class head), pictures → preprocessed batches at the chosen crop (the Run it pipeline:
 * bicubic shortest edge crop/0.875, centre crop, ImageNet mean/std), and one prediction with its Grad-CAM.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createResNet18, disposeResNet18, forward, gradCam, preprocess, RESNET18_PREPROCESS, type ResNet18 } from '../../src/lib/nn';
import type { Pictures, WeightArrays } from './teachProtocol';

/** The head's recipe (page and bench): Adam at HEAD_LR for HEAD_EPOCHS epochs over the cache, milliseconds each. */
export const HEAD_EPOCHS = 50;
export const HEAD_LR = 2e-3;

/** Crops the learner can pick: the pretrained model's own 224, or smaller for speed. */
export const CROPS = [224, 160, 128] as const;

/**
 * A ResNet-18 with `classes` outputs whose every tensor but head.fc comes from `w` (head.fc keeps nn.Linear's
 * seeded init). Throws in plain words (and frees what it made) when a tensor is missing or has another shape. Caller disposes the model.
 */
export function buildStudent(w: WeightArrays, classes: number): ResNet18 {
  const m = createResNet18({ numClasses: classes }, { seed: 1 });
  const byName = new Map(w.names.map((n, i) => [n, i]));
  for (const [name, v] of [...m.params, ...m.buffers]) {
    if (name.startsWith('head.fc.')) continue;
    const i = byName.get(name);
    if (i === undefined || w.shapes[i].join() !== v.shape.join()) {
      disposeResNet18(m);
      throw new Error(`The loaded weights have no tensor '${name}' of shape [${v.shape}]: load a ResNet-18 (ImageNet) checkpoint.`);
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
  const cfg = { ...RESNET18_PREPROCESS, shortestEdge: crop };
  const size = crop * crop * 3;
  const out = new Float32Array((end - start) * size);
  for (let i = start; i < end; i++) out.set(preprocess(rgbaOf(p, i), cfg).pixels, (i - start) * size);
  return tf.tensor4d(out, [end - start, crop, crop, 3]);
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
