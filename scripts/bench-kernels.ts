/**
 * `npm run bench -- kernels`: the wasm training kernels and one CIFAR ResNet-18 training step.
 * 1. Per-kernel timings at the conv shapes of a batch-32 CIFAR ResNet-18: forward conv, the filter gradient
 *    (ours: one conv of the input planes with dy; alternative: tap-wise im2col + transposed matmul) and the
 *    input gradient (ours: conv of zero-dilated dy with the rotated kernel; alternative: wasm's built-in loop).
 * 2. One batch-32 training step (forward + backward + SGD) at width 1, 1/4 and 1/8 on wasm, and on the
 *    pure-JS cpu backend at width 1/8 (its naive backward loops need minutes at width 1/4).
 * Prints figures only (medians); never asserts. The machine's load average is printed: timings on a shared
 * machine are upper bounds.
 */
import * as tf from '@tensorflow/tfjs';
import { useWasm } from './benchUtil';
import { cpus, loadavg } from 'node:os';
import { conv2dFilterGrad, conv2dInputGrad, registerWasmTrainingKernels, createResNet18, disposeResNet18, Optimizer, trainStep } from '../src/lib/nn';

/** Median wall time (ms) of `reps` runs after one warm-up; the result is read back so the work is done. */
async function timeMs(f: () => tf.Tensor, reps: number): Promise<number> {
  tf.dispose(f());
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = f();
    await r.data();
    times.push(performance.now() - t0);
    r.dispose();
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** The alternative filter gradient: per tap, one strided slice and one [cin×P]ᵀ·[P×cout] matmul. */
function filterGradIm2col(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, s: number, p: number): tf.Tensor {
  return tf.tidy(() => {
    const [n, , , cin] = x.shape;
    const [, oh, ow, cout] = dy.shape;
    const xp = tf.pad(x, [[0, 0], [p, p + s], [p, p + s], [0, 0]]);
    const dy2 = dy.reshape([n * oh * ow, cout]);
    const taps: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const patch = tf.stridedSlice(xp, [0, i, j, 0], [n, i + (oh - 1) * s + 1, j + (ow - 1) * s + 1, cin], [1, s, s, 1]);
        taps.push(tf.matMul(patch.reshape([n * oh * ow, cin]), dy2, true, false));
      }
    }
    return tf.stack(taps).reshape([k, k, cin, cout]);
  });
}

const f1 = (v: number) => v.toFixed(0).padStart(7);

async function kernelTable(): Promise<void> {
  const n = 32;
  // [input size, cin, cout, kernel, stride]: the distinct conv shapes of the CIFAR ResNet-18 (width 1).
  const shapes = [[32, 3, 64, 3, 1], [32, 64, 64, 3, 1], [32, 64, 128, 3, 2], [32, 64, 128, 1, 2], [16, 128, 128, 3, 1],
    [16, 128, 256, 3, 2], [8, 256, 256, 3, 1], [8, 256, 512, 3, 2], [4, 512, 512, 3, 1]];
  // The two slow alternatives are timed once, on three shapes only (they take seconds each).
  const alternatives = new Set([1, 2, 6]);
  console.log('\nper-kernel ms (batch 32, wasm, median)        forward |  dW ours  dW im2col |  dx ours  dx builtin');
  for (const [idx, [h, cin, cout, k, s]] of shapes.entries()) {
    const p = k === 3 ? 1 : 0;
    const o = Math.floor((h + 2 * p - k) / s) + 1;
    const x = tf.randomNormal([n, h, h, cin]) as tf.Tensor4D;
    const dy = tf.randomNormal([n, o, o, cout]) as tf.Tensor4D;
    const w = tf.randomNormal([k, k, cin, cout]) as tf.Tensor4D;
    const attrs = { strides: s, pad: p };
    const fwd = await timeMs(() => tf.conv2d(x, w, s, p), 3);
    const dwOurs = await timeMs(() => conv2dFilterGrad(x, dy, [k, k, cin, cout], attrs), 3);
    const dxOurs = await timeMs(() => conv2dInputGrad(dy, w, [n, h, h, cin], attrs), 3);
    let dwAlt = NaN, dxBuiltin = NaN;
    if (alternatives.has(idx)) {
      dwAlt = await timeMs(() => filterGradIm2col(x, dy, k, s, p), 1);
      registerWasmTrainingKernels({ inputGrad: 'builtin' });
      dxBuiltin = await timeMs(() => tf.conv2dTranspose(dy, w, [n, h, h, cin], s, p as unknown as 'same'), 1);
      registerWasmTrainingKernels();
    }
    const label = `${h}×${h}×${cin}→${cout} k${k} s${s}`.padEnd(42);
    const alt = (v: number) => (Number.isNaN(v) ? '      –' : f1(v));
    console.log(`${label}${f1(fwd)} |${f1(dwOurs)}  ${alt(dwAlt)}  |${f1(dxOurs)}  ${alt(dxBuiltin)}`);
    tf.dispose([x, dy, w]);
  }
}

/** Seconds per batch-32 CIFAR training step (SGD momentum 0.9, wd 5e-4), median of `steps` after a warm-up. */
async function stepSeconds(backend: 'wasm' | 'cpu', width: number, steps: number): Promise<number> {
  await tf.setBackend(backend);
  const m = createResNet18({ variant: 'cifar', widthMultiplier: width });
  const opt = new Optimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }, m.params);
  const x = tf.randomNormal([32, 32, 32, 3]) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32');
  const times: number[] = [];
  // steps = 0: a single (cold) step is the figure; otherwise one warm-up, then the median of `steps`.
  for (let i = 0; i < steps + 1; i++) {
    const t0 = performance.now();
    await trainStep(m, opt, x, y, { gradNorms: true });
    if (i > 0 || steps === 0) times.push((performance.now() - t0) / 1000);
  }
  opt.dispose();
  disposeResNet18(m);
  tf.dispose([x, y]);
  registerWasmTrainingKernels();
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

await useWasm();
registerWasmTrainingKernels();
console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} cores; wasm threads: ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}`);
await kernelTable();
console.log('\none batch-32 CIFAR ResNet-18 training step (forward + backward + SGD), seconds');
console.log(`  wasm, width 1   : ${(await stepSeconds('wasm', 1, 1)).toFixed(2)} s`);
console.log(`  wasm, width 1/4 : ${(await stepSeconds('wasm', 0.25, 3)).toFixed(2)} s`);
console.log(`  wasm, width 1/8 : ${(await stepSeconds('wasm', 0.125, 3)).toFixed(2)} s`);
// The pure-JS cpu backend's backward kernels are naive loops: width 1/4 took 312 s for one step here, so only 1/8.
console.log(`  cpu,  width 1/8 : ${(await stepSeconds('cpu', 0.125, 0)).toFixed(2)} s (one step, pure JS)`);
