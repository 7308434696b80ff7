/**
 * The network the learner trained in the studio (Train it), as Ship it uses it: the weights of its stored
 * checkpoint rebuilt as a ResNet-18, what quantizing them does to its validation accuracy, and the settings of a
 * smaller student distilled from it. No Svelte runes: the comparison worker imports this file too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmaxRows, createResNet18, disposeResNet18, forward, modelSizes, roundTripModel, type ResNet18, type WeightRoundTrip } from '../../src/lib/nn';
import { validateCheckpoint, type StoredTensor } from '../../src/lib/train/checkpoint';
import type { TrainConfig } from '../../src/lib/train/config';
import { writeTensors } from '../../src/lib/train/tensorIo';
import { makeBatch, type Normalisation } from '../../src/lib/data/batch';
import type { ImageDataset } from '../../src/lib/data/dataset';
import { maxAbsDiff } from './measure';

/** What Ship it needs of a studio checkpoint: the recipe, the data's shape and normalisation, the weights (no optimizer state). */
export interface StudioWeights {
  config: TrainConfig;
  numClasses: number;
  inputSize: number;
  normalisation: Normalisation;
  /** Epochs the stored weights have trained. */
  epoch: number;
  params: Record<string, StoredTensor>;
  buffers: Record<string, StoredTensor>;
}

/** The weights of a stored studio checkpoint; throws the checkpoint's own CheckpointError (English) when damaged. */
export function studioWeights(raw: unknown): StudioWeights {
  const c = validateCheckpoint(raw);
  return { config: c.config, numClasses: c.numClasses, inputSize: c.inputSize, normalisation: c.normalisation, epoch: c.epoch, params: c.params, buffers: c.buffers };
}

/** The studio's network with its stored weights (the caller disposes it with disposeResNet18). Leaks nothing when the weights do not fit. */
export function studioResNet(w: StudioWeights): ResNet18 {
  const m = createResNet18({ variant: w.config.variant ?? 'cifar', numClasses: w.numClasses, widthMultiplier: w.config.widthMultiplier, inputSize: w.inputSize }, { seed: 1 });
  try {
    writeTensors(m.params, w.params);
    writeTensors(m.buffers, w.buffers);
    return m;
  } catch (e) {
    disposeResNet18(m);
    throw e;
  }
}

/** Width of the distilled student: 1/8 under a wider teacher, else half the teacher's width (a student must be smaller). */
export function studentWidth(teacherWidth: number): number {
  return teacherWidth > 0.125 ? 0.125 : teacherWidth / 2;
}

/** A width multiplier as people write it: '1/8' for 0.125, '1' for 1, '0.3' when it is no unit fraction. */
export function widthText(w: number): string {
  const inv = 1 / w;
  return w < 1 && Math.abs(inv - Math.round(inv)) < 1e-9 ? `1/${Math.round(inv)}` : String(w);
}

/** Logits [n, classes] (row-major) of every image of `d` in evaluation mode, `batch` images at a time. Leaves no tensors. */
export async function datasetLogits(m: ResNet18, d: ImageDataset, norm: Normalisation, batch = 100): Promise<Float32Array> {
  const n = d.labels.length;
  const k = m.config.numClasses;
  const out = new Float32Array(n * k);
  for (let a = 0; a < n; a += batch) {
    const idx = Array.from({ length: Math.min(batch, n - a) }, (_, i) => a + i);
    const b = makeBatch(d, idx, norm);
    const logits = tf.tidy(() => forward(m, tf.tensor4d(b.x, [idx.length, d.height, d.width, 3]), { training: false }).logits);
    try {
      out.set(await logits.data(), a * k);
    } finally {
      logits.dispose();
    }
  }
  return out;
}

/** One row of the studio model's quantization table. */
export interface StudioQuantRow {
  kind: 'fp32' | WeightRoundTrip;
  bytes: number;
  /** Validation images whose top-1 class is their label. */
  correct: number;
  /** Validation images whose top-1 class equals fp32's. */
  agree: number;
  total: number;
  /** max |logit − fp32 logit| over every image and class. */
  maxDeviation: number;
}

const SIZE: Record<StudioQuantRow['kind'], keyof ReturnType<typeof modelSizes>> = {
  fp32: 'fp32', fp16: 'fp16', 'int8-per-tensor': 'int8PerTensor', 'int8-per-channel': 'int8PerChannel',
};

/** fp32, fp16, int8 per tensor and per channel copies of `m` scored on the validation set `val`. Leaves no tensors. */
export async function studioQuantTable(m: ResNet18, val: ImageDataset, norm: Normalisation): Promise<StudioQuantRow[]> {
  if (val.labels.length === 0) throw new Error('The validation set is empty.');
  const k = m.config.numClasses;
  const sizes = modelSizes(m);
  const ref = await datasetLogits(m, val, norm);
  const refTop = argmaxRows(ref, k);
  const row = (kind: StudioQuantRow['kind'], logits: Float32Array): StudioQuantRow => {
    const top = argmaxRows(logits, k);
    let correct = 0;
    let agree = 0;
    top.forEach((p, i) => {
      if (p === val.labels[i]) correct += 1;
      if (p === refTop[i]) agree += 1;
    });
    return { kind, bytes: sizes[SIZE[kind]], correct, agree, total: top.length, maxDeviation: maxAbsDiff(logits, ref) };
  };
  const rows = [row('fp32', ref)];
  for (const kind of ['fp16', 'int8-per-tensor', 'int8-per-channel'] as const) {
    const copy = await roundTripModel(m, kind);
    try {
      rows.push(row(kind, await datasetLogits(copy, val, norm)));
    } finally {
      disposeResNet18(copy);
    }
  }
  return rows;
}
