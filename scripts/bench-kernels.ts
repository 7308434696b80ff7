/**
 * `npm run bench -- kernels`: how a training step compares with the eval forward pass of the same batch, on
 * wasm with one XNNPACK thread per core (BENCH_WASM_THREADS=1 for one). CIFAR ResNet-18, 32×32 inputs.
 * 1. width 1, 1/4, 1/8 at batch 32: median wall time of a training step (forward in train mode, backward, SGD
 *    momentum update, no grad norms) and of an eval-mode forward of the same batch, and their ratio; then
 *    width 1/8 at batch 128 (the CIFAR-10 quick recipe) in images per second;
 * 2. where a step's time goes: per-kernel self CPU time of one step (width 1 batch 32, width 1/8 batch 128);
 * 3. per conv shape of the width-1 network: forward conv, our filter gradient and our input gradient (CPU ms).
 * Prints figures only; never asserts. Wall times on a shared machine are upper bounds: the load average is printed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus, loadavg } from 'node:os';
import { useWasm } from './benchUtil';
import { formatProfile, profileKernels } from './kernelProfile';
import { conv2dFilterGrad, conv2dInputGrad, registerWasmTrainingKernels, createResNet18, disposeResNet18, forward, Optimizer, trainStep, type ResNet18 } from '../src/lib/nn';

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** A model, its SGD optimizer and one fixed batch; dispose() frees all of it. */
function setup(width: number, batch: number) {
  const m = createResNet18({ variant: 'cifar', widthMultiplier: width }, { seed: 1 });
  const opt = new Optimizer({ kind: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 5e-4 }, m.params);
  const x = tf.randomNormal([batch, 32, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32');
  const step = () => trainStep(m, opt, x, y);
  const fwd = async (model: ResNet18 = m) => {
    const { logits } = forward(model, x);
    await logits.data();
    logits.dispose();
  };
  return { step, fwd, dispose: () => { opt.dispose(); disposeResNet18(m); tf.dispose([x, y]); } };
}

/** Median wall ms of `runs` calls after one warm-up call. */
async function wallMs(f: () => Promise<unknown>, runs: number): Promise<number> {
  await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

async function stepVsForward(width: number, batch: number, runs: number): Promise<{ step: number; fwd: number }> {
  const s = setup(width, batch);
  // Steps and forwards alternate, so a change in the machine's load hits both alike.
  const steps: number[] = [], fwds: number[] = [];
  await s.step();
  await s.fwd();
  for (let i = 0; i < runs; i++) {
    steps.push(await wallMs(s.step, 1));
    fwds.push(await wallMs(() => s.fwd(), 1));
  }
  s.dispose();
  return { step: median(steps), fwd: median(fwds) };
}

async function profileStep(width: number, batch: number): Promise<void> {
  const s = setup(width, batch);
  await s.step();
  const p = await profileKernels(s.step);
  console.log(`\n  one training step, width ${width}, batch ${batch}: self CPU time per kernel ("A>B": B run inside A)`);
  for (const line of formatProfile(p, 14)) console.log(line);
  s.dispose();
}

/** Min CPU ms of `reps` runs of a tensor-returning f (result read back and freed), after a warm-up. */
async function cpuOf(f: () => tf.Tensor, reps: number): Promise<number> {
  tf.dispose(f());
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = cpuMs();
    const r = f();
    await r.data();
    best = Math.min(best, cpuMs() - t0);
    r.dispose();
  }
  return best;
}

async function convShapes(): Promise<void> {
  const n = 32;
  // [input size, cin, cout, kernel, stride]: the distinct conv shapes of the width-1 CIFAR ResNet-18.
  const shapes = [[32, 3, 64, 3, 1], [32, 64, 64, 3, 1], [32, 64, 128, 3, 2], [32, 64, 128, 1, 2], [16, 128, 128, 3, 1],
    [16, 128, 256, 3, 2], [8, 256, 256, 3, 1], [8, 256, 512, 3, 2], [4, 512, 512, 3, 1]];
  console.log('\n  per conv shape, batch 32, CPU ms (min of 3)      forward    dW (ours)   dx (ours)');
  for (const [h, cin, cout, k, s] of shapes) {
    const p = k === 3 ? 1 : 0;
    const o = Math.floor((h + 2 * p - k) / s) + 1;
    const x = tf.randomNormal([n, h, h, cin]) as tf.Tensor4D;
    const dy = tf.randomNormal([n, o, o, cout]) as tf.Tensor4D;
    const w = tf.randomNormal([k, k, cin, cout]) as tf.Tensor4D;
    const attrs = { strides: s, pad: p };
    const fw = await cpuOf(() => tf.conv2d(x, w, s, p), 3);
    const dw = await cpuOf(() => conv2dFilterGrad(x, dy, [k, k, cin, cout], attrs), 3);
    const dx = await cpuOf(() => conv2dInputGrad(dy, w, [n, h, h, cin], attrs), 3);
    const f = (v: number) => `${v.toFixed(1).padStart(8)}`;
    console.log(`    ${`${h}×${h}×${cin}→${cout} k${k} s${s}`.padEnd(44)}${f(fw)}  ${f(dw)} (${(dw / fw).toFixed(2)}×)${f(dx)} (${(dx / fw).toFixed(2)}×)`);
    tf.dispose([x, dy, w]);
  }
}

const threads = await useWasm();
registerWasmTrainingKernels();
console.log(`wasm with ${threads} XNNPACK thread(s) on ${cpus().length} cores; load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
console.log('\nCIFAR ResNet-18 training step (train-mode forward + backward + SGD) vs eval forward of the same batch, median wall');
for (const [width, runs] of [[1, 3], [0.25, 5], [0.125, 5]] as const) {
  const r = await stepVsForward(width, 32, runs);
  console.log(`  width ${String(width).padEnd(5)} batch 32 : step ${(r.step / 1000).toFixed(2)} s, forward ${(r.fwd / 1000).toFixed(3)} s, ratio ${(r.step / r.fwd).toFixed(2)}`);
}
const big = await stepVsForward(0.125, 128, 5);
console.log(`  width 0.125 batch 128: step ${(big.step / 1000).toFixed(2)} s = ${(128000 / big.step).toFixed(0)} images/s, forward ${(big.fwd / 1000).toFixed(3)} s, ratio ${(big.step / big.fwd).toFixed(2)}`);
await profileStep(1, 32);
await profileStep(0.125, 128);
await convShapes();
console.log(`\nload average at the end ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
