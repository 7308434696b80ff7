/**
 * The lesson's distillation experiment, start to finish: a wider teacher trained for the purpose on the built-in
 * shapes, then two width-1/8 students from the same initialisation on the same small training set, batch order
 * and schedule — one with cross-entropy alone, one with the distillation loss against the teacher.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../src/lib/nn';
import { drawSyntheticEpoch, makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { channelStats, subset } from '../../src/lib/data/dataset';
import { DISTILL_DEFAULTS, type DistillSettings } from './distill';
import { datasetTensors, plainNet, trainRun, type CurvePoint, type RunData, type RunSettings } from './studentRun';

/** Everything the experiment depends on. */
export interface DistillRunConfig {
  /** Training images per class the teacher learns from. */
  teacherPerClass: number;
  /** The students' training images per class: the first ones of the teacher's set. */
  studentPerClass: number;
  valPerClass: number;
  teacherWidth: number;
  studentWidth: number;
  teacher: RunSettings;
  student: RunSettings;
  distill: DistillSettings;
  dataSeed: number;
  /** Side of the pictures in pixels (the built-in shapes are drawn at any size). */
  size: number;
  /** The teacher gets new pictures every epoch (teacherPerClass of each class), as the studio's fresh draws. */
  teacherFreshDraws: boolean;
}

/**
 * The page's run: a width-1/4 teacher trained on 500 fresh pictures every epoch (the first epoch's are the base
 * set); width-1/8 students that see only 200 of the base set's pictures. With few labelled pictures the teacher's
 * soft targets carry much of what there is to learn.
 */
export const DISTILL_RUN: DistillRunConfig = {
  teacherPerClass: 50,
  studentPerClass: 20,
  valPerClass: 30,
  teacherWidth: 0.25,
  studentWidth: 0.125,
  teacher: { epochs: 20, batchSize: 50, lr: 0.2, seed: 1 },
  student: { epochs: 20, batchSize: 50, lr: 0.2, seed: 2 },
  distill: DISTILL_DEFAULTS,
  dataSeed: 7,
  size: 32,
  teacherFreshDraws: true,
};

/** Which run a progress event belongs to. */
export type RunName = 'teacher' | 'alone' | 'distilled';

/** One validation point of one run. */
export interface RunEvent {
  run: RunName;
  point: CurvePoint;
}

/** Refuses configurations that would take minutes or make no sense, in plain words. */
export function checkDistillConfig(c: DistillRunConfig): void {
  const ok = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
  if (![c.teacherPerClass, c.studentPerClass, c.valPerClass].every((v) => ok(v, 1, 200))) throw new Error('Use between 1 and 200 images per class.');
  if (!(Number.isInteger(c.size) && c.size >= 8 && c.size <= 64)) throw new Error('Pictures must be 8 to 64 pixels on a side.');
  if (c.studentPerClass > c.teacherPerClass) throw new Error('The students\' images are a part of the teacher\'s: use fewer per class.');
  for (const [r, n] of [[c.teacher, c.teacherPerClass], [c.student, c.studentPerClass]] as const) {
    if (!ok(r.epochs, 1, 50) || !ok(r.batchSize, 1, 256) || !ok(r.lr, 0, 10)) throw new Error('Epochs must be 1–50, batch size 1–256 and the learning rate 0–10.');
    if (r.batchSize > n * 10) throw new Error('The batch is larger than the training set.');
  }
}

/** The teacher's data and the students' (its first studentPerClass images of each class); the caller disposes valX, valY of one of them (shared). */
export function distillData(c: DistillRunConfig): { teacher: RunData; student: RunData } {
  const train = makeSyntheticDataset({ perClass: c.teacherPerClass, seed: c.dataSeed, size: c.size });
  const val = makeSyntheticDataset({ perClass: c.valPerClass, seed: c.dataSeed + 1000, size: c.size });
  const norm = channelStats(train);
  const { x, y } = datasetTensors(val, norm);
  // Classes are interleaved (0,1,…,9,0,1,…), so the first 10·k images hold k of each class.
  const few = subset(train, Array.from({ length: 10 * c.studentPerClass }, (_, i) => i));
  // Epoch 0 uses the base set itself, so the students' pictures are among those the teacher saw.
  const drawEpoch = c.teacherFreshDraws ? (e: number) => (e === 0 ? train : drawSyntheticEpoch(train, e, train.labels.length)) : undefined;
  return { teacher: { train, drawEpoch, norm, valX: x, valY: y }, student: { train: few, norm, valX: x, valY: y } };
}

/**
 * Runs teacher, student alone, student distilled, in that order, calling `onPoint` after every epoch of each.
 * Returns the three curves. Disposes every model and tensor it made, also when stopped or failed.
 */
export async function distillExperiment(c: DistillRunConfig, onPoint: (e: RunEvent) => void, stop: () => boolean = () => false): Promise<Record<RunName, CurvePoint[]>> {
  checkDistillConfig(c);
  const data = distillData(c);
  const models: ResNet18[] = [];
  const make = (width: number, seed: number) => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: width, numClasses: 10 }, { seed });
    models.push(m);
    return m;
  };
  try {
    const teacher = make(c.teacherWidth, 11);
    const out = {} as Record<RunName, CurvePoint[]>;
    out.teacher = await trainRun(plainNet(teacher), data.teacher, c.teacher, (point) => onPoint({ run: 'teacher', point }), undefined, stop);
    out.alone = await trainRun(plainNet(make(c.studentWidth, 12)), data.student, c.student, (point) => onPoint({ run: 'alone', point }), undefined, stop);
    out.distilled = await trainRun(plainNet(make(c.studentWidth, 12)), data.student, c.student, (point) => onPoint({ run: 'distilled', point }),
      { model: plainNet(teacher), settings: c.distill }, stop);
    return out;
  } finally {
    models.forEach(disposeResNet18);
    tf.dispose([data.teacher.valX, data.teacher.valY]);
  }
}
