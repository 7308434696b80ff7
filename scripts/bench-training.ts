/**
 * Training-studio benchmark (prints figures; asserts nothing). Node, tfjs wasm backend + the core's wasm
 * training kernels, CIFAR-variant ResNet-18:
 *  1. synthetic dataset generation time;
 *  2. images/s of one training step at width 1 and 1/4, batch 32, 32×32;
 *  3. the Trainer (batching, augmentation, schedule, grad norms, history) vs a bare trainStep loop on the same
 *     model and batch size in the same run — the ratio is the studio's overhead;
 *  4. tf.memory().numTensors after 100 Trainer steps minus before (width 1/8).
 * Run: npm run bench -- training
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, createResNet18, disposeResNet18, Optimizer, trainStep } from '../src/lib/nn';
import { makeSyntheticDataset } from '../src/lib/data/synthetic';
import { stratifiedSplit } from '../src/lib/data/split';
import { Trainer } from '../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG } from '../src/lib/train/config';

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function stepRate(width: number, steps: number): Promise<number[]> {
  const m = createResNet18({ variant: 'cifar', widthMultiplier: width }, { seed: 1 });
  const opt = new Optimizer({ kind: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 5e-4 }, m.params);
  const x = tf.randomNormal([32, 32, 32, 3]) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32');
  const ms: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const t0 = performance.now();
    await trainStep(m, opt, x, y);
    if (i > 0) ms.push(performance.now() - t0); // step 0 warms up
  }
  tf.dispose([x, y]);
  opt.dispose();
  disposeResNet18(m);
  return ms;
}

/** Alternating blocks of Trainer.step() and bare trainStep() on one model each, same batch size. */
async function overhead(width: number, blocks: number, perBlock: number): Promise<{ trainer: number; bare: number }> {
  const data = stratifiedSplit(makeSyntheticDataset({ perClass: 100, seed: 2 }), 0.2, 1);
  const cfg = { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: width, batchSize: 32, epochs: 50, patience: 0 };
  const trainer = Trainer.create(cfg, data);
  const m = createResNet18({ variant: 'cifar', widthMultiplier: width }, { seed: 1 });
  const opt = new Optimizer({ kind: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 5e-4 }, m.params);
  const x = tf.randomNormal([32, 32, 32, 3]) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32');
  await trainer.step();
  await trainStep(m, opt, x, y);
  let tTrainer = 0;
  let tBare = 0;
  for (let b = 0; b < blocks; b++) {
    // Stay inside one epoch while timing: an epoch end adds evaluation, which a bare loop does not do.
    while (trainer.stepsPerEpoch - trainer.stepInEpoch <= perBlock) await trainer.step();
    let t0 = performance.now();
    for (let i = 0; i < perBlock; i++) await trainer.step();
    tTrainer += performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < perBlock; i++) await trainStep(m, opt, x, y, { lr: 0.01 });
    tBare += performance.now() - t0;
  }
  tf.dispose([x, y]);
  opt.dispose();
  disposeResNet18(m);
  trainer.dispose();
  return { trainer: tTrainer / (blocks * perBlock), bare: tBare / (blocks * perBlock) };
}

async function leak(steps: number): Promise<number> {
  const data = stratifiedSplit(makeSyntheticDataset({ perClass: 50, seed: 3 }), 0.2, 1);
  const t = Trainer.create({ ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125, batchSize: 32, epochs: 100, patience: 0 }, data);
  await t.step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < steps; i++) await t.step(); // 12 steps per epoch: crosses 8 epoch ends with evaluation
  const after = tf.memory().numTensors;
  t.dispose();
  return after - before;
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmTrainingKernels();
  console.log(`backend ${tf.getBackend()}, Node ${process.version}, ${(await import('node:os')).cpus().length} CPU cores`);

  const t0 = performance.now();
  makeSyntheticDataset({ perClass: 500, seed: 1 });
  console.log(`synthetic dataset: 5,000 images 32×32 in ${(performance.now() - t0).toFixed(0)} ms`);

  for (const [w, n] of [[0.25, 6], [1, 2]] as const) {
    const ms = await stepRate(w, n);
    const med = median(ms);
    console.log(`train step, CIFAR ResNet-18 width ${w}, batch 32, 32×32: median ${med.toFixed(0)} ms/step = ${(32000 / med).toFixed(1)} images/s (${n} timed steps)`);
  }

  const o = await overhead(0.25, 3, 5);
  console.log(`Trainer (batching + augmentation + schedule + grad norms + update ratios + history) ${o.trainer.toFixed(0)} ms/step vs bare trainStep ${o.bare.toFixed(0)} ms/step, width 0.25 batch 32: overhead ${((o.trainer / o.bare - 1) * 100).toFixed(1)} %`);

  console.log(`numTensors after 100 Trainer steps minus before (width 1/8, batch 32, incl. 8 epoch ends): ${await leak(100)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
