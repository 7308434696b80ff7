/**
 * The network the learner trained in the studio (Train it), as Ship it uses it: the weights of its stored
 * checkpoint rebuilt as a ResNet-18, what quantizing them does to its validation accuracy, and the settings of a
 * smaller student distilled from it. No Svelte runes: the comparison worker imports this file too.
 */
import { createResNet18, disposeResNet18, modelSizes, roundTripModel, type EvalResult, type ResNet18, type WeightRoundTrip } from '../../src/lib/nn';
import { validateCheckpoint, type StoredTensor } from '../../src/lib/train/checkpoint';
import type { TrainConfig } from '../../src/lib/train/config';
import { writeTensors } from '../../src/lib/train/tensorIo';
import { evaluateDataset } from '../../src/lib/train/evaluate';
import type { Normalisation } from '../../src/lib/data/batch';
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

/**
 * fp32, fp16, int8 per tensor and per channel copies of `m` scored on the validation set `val` by the studio's own
 * evaluation (evaluateDataset). Leaves no tensors.
 */
export async function studioQuantTable(m: ResNet18, val: ImageDataset, norm: Normalisation): Promise<StudioQuantRow[]> {
  if (val.labels.length === 0) throw new Error('The validation set is empty.');
  const sizes = modelSizes(m);
  const score = (model: ResNet18) => evaluateDataset(model, val, norm, { keepLogits: true });
  const ref = await score(m);
  const row = (kind: StudioQuantRow['kind'], r: EvalResult): StudioQuantRow => ({
    kind, bytes: sizes[SIZE[kind]], correct: r.correct, total: r.count,
    agree: r.preds.reduce((n, p, i) => n + (p === ref.preds[i] ? 1 : 0), 0),
    maxDeviation: maxAbsDiff(r.logits!, ref.logits!),
  });
  const rows = [row('fp32', ref)];
  for (const kind of ['fp16', 'int8-per-tensor', 'int8-per-channel'] as const) {
    const copy = await roundTripModel(m, kind);
    try {
      rows.push(row(kind, await score(copy)));
    } finally {
      disposeResNet18(copy);
    }
  }
  return rows;
}
