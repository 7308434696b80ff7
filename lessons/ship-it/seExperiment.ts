/**
 * The plain block against the SE block on the same budget: two width-1/8 CIFAR-stem ResNet-18s from the same
 * initial weights (the SE one with gates added), trained on the same fresh pictures of the built-in shapes in the
 * same order with the same schedule and number of steps; validation accuracy after every epoch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../src/lib/nn';
import { drawSyntheticEpoch, makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { channelStats } from '../../src/lib/data/dataset';
import { addSeGates, disposeSeGates, seLogits, type SeResNet } from './seNet';
import { datasetTensors, plainNet, trainRun, type CurvePoint, type RunSettings } from './studentRun';

/** Everything the comparison depends on. */
export interface SeRunConfig {
  /** Pictures per class in each epoch (new ones every epoch). */
  perClass: number;
  valPerClass: number;
  width: number;
  /** SE reduction ratio r (hidden width ⌊C/r⌋, at least 1). */
  reduction: number;
  run: RunSettings;
  dataSeed: number;
  size: number;
}

/** The page's run: width 1/8 (8–64 channels, so r = 4 leaves the gates 2–16 hidden units), 10 epochs of 500 pictures. */
export const SE_RUN: SeRunConfig = {
  perClass: 50,
  valPerClass: 30,
  width: 0.125,
  reduction: 4,
  run: { epochs: 10, batchSize: 50, lr: 0.2, seed: 3 },
  dataSeed: 9,
  size: 32,
};

/** The two runs' names. */
export type SeRunName = 'plain' | 'se';

/** Refuses configurations that make no sense or would take long, in plain words. */
export function checkSeConfig(c: SeRunConfig): void {
  const ok = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
  if (!ok(c.perClass, 1, 200) || !ok(c.valPerClass, 1, 200)) throw new Error('Use between 1 and 200 pictures per class.');
  if (!ok(c.run.epochs, 1, 50) || !ok(c.run.batchSize, 1, c.perClass * 10) || !ok(c.run.lr, 0, 10)) throw new Error('Epochs must be 1–50, the batch at most the pictures of an epoch and the learning rate 0–10.');
  if (!Number.isInteger(c.reduction) || c.reduction < 1) throw new Error('The reduction r must be a whole number ≥ 1.');
}

/** Trains plain, then SE, calling `onPoint` after every epoch; returns both curves and frees everything. */
export async function seExperiment(c: SeRunConfig, onPoint: (run: SeRunName, p: CurvePoint) => void,
  stop: () => boolean = () => false): Promise<Record<SeRunName, CurvePoint[]>> {
  checkSeConfig(c);
  const train = makeSyntheticDataset({ perClass: c.perClass, seed: c.dataSeed, size: c.size });
  const norm = channelStats(train);
  const { x: valX, y: valY } = datasetTensors(makeSyntheticDataset({ perClass: c.valPerClass, seed: c.dataSeed + 1000, size: c.size }), norm);
  const data = { train, norm, valX, valY, drawEpoch: (e: number) => (e === 0 ? train : drawSyntheticEpoch(train, e, train.labels.length)) };
  const cfg = { variant: 'cifar' as const, widthMultiplier: c.width, numClasses: 10 };
  const models: ResNet18[] = [];
  let se: SeResNet | null = null;
  try {
    const plain = createResNet18(cfg, { seed: 21 });
    models.push(plain);
    const out = {} as Record<SeRunName, CurvePoint[]>;
    out.plain = await trainRun(plainNet(plain), data, c.run, (p) => onPoint('plain', p), undefined, stop);
    const base = createResNet18(cfg, { seed: 21 });
    models.push(base);
    se = addSeGates(base, c.reduction, 22);
    const gated = se;
    out.se = await trainRun({ params: gated.params, logits: (x, training) => seLogits(gated, x, training) }, data, c.run, (p) => onPoint('se', p), undefined, stop);
    return out;
  } finally {
    if (se) disposeSeGates(se);
    models.forEach(disposeResNet18);
    tf.dispose([valX, valY]);
  }
}
