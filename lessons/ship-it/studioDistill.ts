/**
 * Distillation with the learner's own teacher: the network trained in the studio teaches a smaller student on the
 * studio's own images. Two students of the same width start from the same weights and train on the same images, in
 * the same order, under the same schedule and number of steps — one from the labels alone, one with the
 * distillation loss against the studio network's logits — so the curves differ only by the loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../src/lib/nn';
import type { ImageDataset } from '../../src/lib/data/dataset';
import { limitPerClass } from '../../src/lib/data/split';
import { DISTILL_DEFAULTS, type DistillSettings } from './distill';
import { datasetTensors, plainNet, score, trainRun, type CurvePoint, type RunSettings } from './studentRun';
import { studentWidth, studioResNet, type StudioWeights } from './studioModel';
import type { RunEvent } from './distillExperiment';
import { english, type Translate } from '../../src/lib/text/english';

/** What the worker is sent: the studio network's weights and its training and validation images. */
export interface StudioDistillInput {
  weights: StudioWeights;
  train: ImageDataset;
  val: ImageDataset;
}

/** The budget of each student, and the caps that keep the run to minutes whatever dataset the studio used. */
export const STUDIO_DISTILL = {
  student: { epochs: 15, batchSize: 50, lr: 0.2, seed: 2 } satisfies RunSettings,
  distill: DISTILL_DEFAULTS satisfies DistillSettings,
  /** The students see at most this many training images of each class (the first ones of the studio's split). */
  trainPerClass: 100,
  /** …and are scored on at most this many validation images of each class. */
  valPerClass: 100,
  /** Largest picture side: the teacher runs on every batch, and a 224-pixel teacher would take the better part of an hour. */
  maxSize: 64,
};

/** Why the studio network cannot be distilled here: facts, worded by studioDistillText in the page's language. */
export type StudioDistillProblem = { kind: 'other-images' } | { kind: 'too-large'; max: number; px: number } | { kind: 'too-few' } | { kind: 'no-validation' };

/** What stops the run before it starts, or null. */
export function studioDistillProblem(x: StudioDistillInput, s: typeof STUDIO_DISTILL = STUDIO_DISTILL): StudioDistillProblem | null {
  const w = x.weights;
  if (x.train.classNames.length !== w.numClasses || x.train.height !== w.inputSize) return { kind: 'other-images' };
  if (w.inputSize > s.maxSize) return { kind: 'too-large', max: s.maxSize, px: w.inputSize };
  if (limitPerClass(x.train, s.trainPerClass).labels.length < s.student.batchSize) return { kind: 'too-few' };
  if (x.val.labels.length === 0) return { kind: 'no-validation' };
  return null;
}

/** The problem in plain words: `t` is the page's translate function; English (the worker's) by default. */
export function studioDistillText(p: StudioDistillProblem, t: Translate = english): string {
  switch (p.kind) {
    case 'other-images': return t('The studio network was trained on different images (classes or picture size differ).');
    case 'too-large': return t('Distillation here trains on pictures of at most {max} pixels; the studio network takes {px}.', { max: String(p.max), px: String(p.px) });
    case 'too-few': return t('The training split has fewer images than one batch.');
    case 'no-validation': return t('The validation split is empty.');
  }
}

/**
 * Scores the teacher, then trains the student alone and the distilled student, calling `onPoint` after every
 * epoch (the teacher's score comes as points at epoch 0 and at the last epoch: it does not train). Disposes every
 * model and tensor it made, also when stopped or failed.
 */
export async function studioDistillExperiment(x: StudioDistillInput, onPoint: (e: RunEvent) => void,
  stop: () => boolean = () => false, s: typeof STUDIO_DISTILL = STUDIO_DISTILL): Promise<Record<RunEvent['run'], CurvePoint[]>> {
  const problem = studioDistillProblem(x, s);
  if (problem) throw new Error(studioDistillText(problem));
  const norm = x.weights.normalisation;
  const train = limitPerClass(x.train, s.trainPerClass);
  const { x: valX, y: valY } = datasetTensors(limitPerClass(x.val, s.valPerClass), norm);
  const models: ResNet18[] = [];
  const student = () => {
    const m = createResNet18({ variant: x.weights.config.variant ?? 'cifar', widthMultiplier: studentWidth(x.weights.config.widthMultiplier), numClasses: x.weights.numClasses, inputSize: x.weights.inputSize }, { seed: 12 });
    models.push(m);
    return m;
  };
  try {
    const teacher = studioResNet(x.weights);
    models.push(teacher);
    const t = await score(plainNet(teacher), valX, valY);
    const out = { teacher: [0, s.student.epochs].map((epoch) => ({ epoch, ...t })) } as Record<RunEvent['run'], CurvePoint[]>;
    out.teacher.forEach((point) => onPoint({ run: 'teacher', point }));
    const data = { train, norm, valX, valY };
    out.alone = await trainRun(plainNet(student()), data, s.student, (point) => onPoint({ run: 'alone', point }), undefined, stop);
    out.distilled = await trainRun(plainNet(student()), data, s.student, (point) => onPoint({ run: 'distilled', point }),
      { model: plainNet(teacher), settings: s.distill }, stop);
    return out;
  } finally {
    models.forEach(disposeResNet18);
    tf.dispose([valX, valY]);
  }
}
