import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels, conv2dFilterGrad, conv2dInputGrad } from '../../src/lib/nn/wasmKernels';
import {
  type ConvGeom, geomSymmetric, geomSame, conv2dFilterGradNaive, conv2dInputGradNaive, randomArray, maxAbsDiff,
} from '../helpers/naiveGrad';

let tf: typeof tfType;

beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

interface Case { name: string; g: ConvGeom; pad: 'same' | 'valid' | number }

const cases: Case[] = [
  { name: '3×3 stride 1 pad 1', g: geomSymmetric(2, 7, 6, 3, 4, 3, 1, 1), pad: 1 },
  { name: '3×3 stride 2 pad 1, even input', g: geomSymmetric(2, 8, 8, 4, 5, 3, 2, 1), pad: 1 },
  { name: '3×3 stride 2 pad 1, odd input', g: geomSymmetric(1, 9, 7, 3, 2, 3, 2, 1), pad: 1 },
  { name: '1×1 stride 2 (projection shortcut)', g: geomSymmetric(2, 8, 8, 6, 8, 1, 2, 0), pad: 0 },
  { name: '1×1 stride 1', g: geomSymmetric(2, 5, 5, 4, 3, 1, 1, 0), pad: 0 },
  { name: '7×7 stride 2 pad 3 (ImageNet stem)', g: geomSymmetric(2, 16, 16, 3, 4, 7, 2, 3), pad: 3 },
  { name: '3×3 stride 2 TF "same" (asymmetric pad)', g: geomSame(2, 8, 8, 3, 4, 3, 2), pad: 'same' },
  { name: '3×3 stride 1 "valid"', g: geomSymmetric(2, 6, 6, 3, 4, 3, 1, 0), pad: 'valid' },
];

/** Gradients of L = Σ conv2d(x, W) ⊙ dy through tf.grads — i.e. through the registered wasm kernels. */
async function tfGrads(c: Case, seed: number) {
  const { g } = c;
  const x = randomArray(g.n * g.h * g.w * g.cin, seed);
  const wt = randomArray(g.k * g.k * g.cin * g.cout, seed + 1);
  const dy = randomArray(g.n * g.oh * g.ow * g.cout, seed + 2);
  const xt = tf.tensor4d(x, [g.n, g.h, g.w, g.cin]);
  const wtt = tf.tensor4d(wt, [g.k, g.k, g.cin, g.cout]);
  const dyt = tf.tensor4d(dy, [g.n, g.oh, g.ow, g.cout]);
  const f = (a: tfType.Tensor, b: tfType.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(a as tfType.Tensor4D, b as tfType.Tensor4D, g.stride, c.pad), dyt));
  const [dx, dw] = tf.grads(f)([xt, wtt]);
  const out = { dx: await dx.data(), dw: await dw.data(), x, wt, dy, dxShape: dx.shape, dwShape: dw.shape };
  tf.dispose([xt, wtt, dyt, dx, dw]);
  return out;
}

describe('wasm training kernels against naive float64 loops', () => {
  for (const [i, c] of cases.entries()) {
    it(`filter and input gradients agree for ${c.name}`, async () => {
      const r = await tfGrads(c, 100 + 7 * i);
      const { g } = c;
      expect(r.dwShape).toEqual([g.k, g.k, g.cin, g.cout]);
      expect(r.dxShape).toEqual([g.n, g.h, g.w, g.cin]);
      expect(maxAbsDiff(r.dw, conv2dFilterGradNaive(r.x, r.dy, g))).toBeLessThan(1e-4);
      expect(maxAbsDiff(r.dx, conv2dInputGradNaive(r.dy, r.wt, g))).toBeLessThan(1e-4);
    });
  }

  it('computes a ResNet-sized filter gradient (32 channels, 16×16, batch 4)', async () => {
    const c: Case = { name: 'big', g: geomSymmetric(4, 16, 16, 32, 32, 3, 1, 1), pad: 1 };
    const r = await tfGrads(c, 9);
    expect(maxAbsDiff(r.dw, conv2dFilterGradNaive(r.x, r.dy, c.g))).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.dx, conv2dInputGradNaive(r.dy, r.wt, c.g))).toBeLessThan(1e-4);
  });

  it('the built-in input-gradient kernel can be switched back and still agrees', async () => {
    registerWasmTrainingKernels({ inputGrad: 'builtin' });
    try {
      const c = cases[1];
      const r = await tfGrads(c, 55);
      expect(maxAbsDiff(r.dx, conv2dInputGradNaive(r.dy, r.wt, c.g))).toBeLessThan(1e-4);
    } finally {
      registerWasmTrainingKernels();
    }
  });
});

describe('wasm training kernels leak nothing', () => {
  it('keeps tensor and buffer counts unchanged over repeated gradients, with the engine leak check on', async () => {
    const wasIsTest = tf.env().getBool('IS_TEST');
    tf.env().set('IS_TEST', true);   // makes the engine throw if a kernel leaves stray data ids behind
    try {
      await tfGrads(cases[1], 1);   // warm-up (lazy allocations)
      const before = tf.memory();
      for (let k = 0; k < 5; k++) await tfGrads(cases[k % cases.length], 10 + k);
      const after = tf.memory();
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numDataBuffers).toBe(before.numDataBuffers);
      expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(before.numDataBuffers);
    } finally {
      tf.env().set('IS_TEST', wasIsTest);
    }
  });

  it('keeps the kernel output alive after the op that made it is disposed', async () => {
    const x = tf.randomNormal([2, 6, 6, 3]) as tfType.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4]) as tfType.Tensor4D;
    const dw = tf.grad((k: tfType.Tensor) => tf.sum(tf.conv2d(x, k as tfType.Tensor4D, 1, 1)))(w);
    const first = Array.from(await dw.data());
    // Allocate and free other buffers: a prematurely freed output would be overwritten by these.
    for (let k = 0; k < 3; k++) tf.dispose(tf.grad((kk: tfType.Tensor) => tf.sum(tf.conv2d(x, kk as tfType.Tensor4D, 1, 1)))(w));
    tf.dispose(tf.fill([4096], 7));
    expect(Array.from(await dw.data())).toEqual(first);
    expect(first.every(Number.isFinite)).toBe(true);
    tf.dispose([x, w, dw]);
  });
});

describe('the same gradients as plain tfjs ops (the path other backends take), on cpu', () => {
  it('agree with the naive loops for stride 1, stride 2 and the 1×1 stride-2 shortcut', async () => {
    const cpu = await useBackend('cpu');
    try {
      for (const c of [cases[0], cases[1], cases[2], cases[3]]) {
        const { g } = c;
        const x = randomArray(g.n * g.h * g.w * g.cin, 3), wt = randomArray(g.k * g.k * g.cin * g.cout, 4);
        const dy = randomArray(g.n * g.oh * g.ow * g.cout, 5);
        const xt = cpu.tensor4d(x, [g.n, g.h, g.w, g.cin]), wtt = cpu.tensor4d(wt, [g.k, g.k, g.cin, g.cout]);
        const dyt = cpu.tensor4d(dy, [g.n, g.oh, g.ow, g.cout]);
        const attrs = { strides: g.stride, pad: c.pad };
        const dw = conv2dFilterGrad(xt, dyt, [g.k, g.k, g.cin, g.cout], attrs);
        const dx = conv2dInputGrad(dyt, wtt, [g.n, g.h, g.w, g.cin], attrs);
        expect(maxAbsDiff(await dw.data(), conv2dFilterGradNaive(x, dy, g))).toBeLessThan(1e-4);
        expect(maxAbsDiff(await dx.data(), conv2dInputGradNaive(dy, wt, g))).toBeLessThan(1e-4);
        cpu.dispose([xt, wtt, dyt, dw, dx]);
      }
    } finally {
      tf = await useBackend('wasm');
    }
  });
});
