import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import {
  makeBlock, disposeBlock, traceBlock, blockGradients, blockParamCount, seededStem, type BlockParams,
} from '../../../lessons/residual-block/blockLesson';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

/** A float64 NHWC array with its shape. */
interface T { s: number[]; d: Float64Array }
const at = (t: T, n: number, y: number, x: number, c: number) => ((n * t.s[1] + y) * t.s[2] + x) * t.s[3] + c;

/** Naive conv, HWIO kernel, symmetric zero padding `pad`, stride `st`. */
function conv(x: T, w: T, st: number, pad: number): T {
  const [n, h, wd] = x.s;
  const [k, , cin, cout] = w.s;
  const oh = Math.floor((h + 2 * pad - k) / st) + 1;
  const ow = Math.floor((wd + 2 * pad - k) / st) + 1;
  const o: T = { s: [n, oh, ow, cout], d: new Float64Array(n * oh * ow * cout) };
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let co = 0; co < cout; co++) {
    let s = 0;
    for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) for (let ci = 0; ci < cin; ci++) {
      const yy = i * st + u - pad;
      const xx = j * st + v - pad;
      if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
      s += x.d[at(x, b, yy, xx, ci)] * w.d[((u * k + v) * cin + ci) * cout + co];
    }
    o.d[at(o, b, i, j, co)] = s;
  }
  return o;
}
/** Naive training-mode BN with γ = 1, β = 0 (the block's initial affine parameters). */
function bn(x: T): T {
  const c = x.s[3];
  const m = x.d.length / c;
  const mean = new Float64Array(c);
  const v = new Float64Array(c);
  x.d.forEach((val, i) => (mean[i % c] += val / m));
  x.d.forEach((val, i) => (v[i % c] += (val - mean[i % c]) ** 2 / m));
  return { s: x.s, d: x.d.map((val, i) => (val - mean[i % c]) / Math.sqrt(v[i % c] + 1e-5)) };
}
const relu = (x: T): T => ({ s: x.s, d: x.d.map((v) => Math.max(0, v)) });
const add = (a: T, b: T): T => ({ s: a.s, d: a.d.map((v, i) => v + b.d[i]) });

interface NaiveBlock { w1: T; w2: T; proj?: T; stride: number }
function naiveF(x: T, p: NaiveBlock): T {
  return bn(conv(relu(bn(conv(x, p.w1, p.stride, 1))), p.w2, 1, 1));
}
function naiveS(x: T, p: NaiveBlock): T {
  return p.proj ? bn(conv(x, p.proj, p.stride, 0)) : x;
}
async function toNaive(p: BlockParams): Promise<NaiveBlock> {
  const t = async (a: tfType.Tensor) => ({ s: a.shape, d: Float64Array.from(await a.data()) });
  return { w1: await t(p.conv1), w2: await t(p.conv2), proj: p.proj ? await t(p.proj.conv) : undefined, stride: p.stride };
}
function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
function seededInput(shape: number[], seed: number): T {
  let s = seed;
  const d = new Float64Array(shape.reduce((a, b) => a * b)).map(() => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
  return { s: shape, d };
}

describe('basic block', () => {
  for (const cfg of [
    { name: 'identity', shape: [2, 5, 5, 3], cin: 3, cout: 3, stride: 1 as const },
    { name: 'projection (1×1 stride 2 + BN)', shape: [2, 6, 6, 2], cin: 2, cout: 4, stride: 2 as const },
  ]) {
    it(`${cfg.name}: every intermediate and the output match a float64 naive forward`, async () => {
      const p = makeBlock(cfg.cin, cfg.cout, cfg.stride, 3);
      const xs = seededInput(cfg.shape, 11);
      const x = tf.tensor4d(Float32Array.from(xs.d), cfg.shape as [number, number, number, number]);
      const tr = traceBlock(x, p);
      const np = await toNaive(p);
      const f = naiveF(xs, np);
      const s = naiveS(xs, np);
      const h = add(f, s);
      expect(maxAbs(await tr.f.data(), f.d)).toBeLessThan(1e-4);
      expect(maxAbs(await tr.shortcut.data(), s.d)).toBeLessThan(1e-4);
      expect(maxAbs(await tr.sum.data(), h.d)).toBeLessThan(1e-4);
      expect(maxAbs(await tr.out.data(), relu(h).d)).toBeLessThan(1e-4);
      expect(tr.out.shape).toEqual([cfg.shape[0], cfg.shape[1] / cfg.stride, cfg.shape[2] / cfg.stride, cfg.cout]);
      tf.dispose(Object.values(tr));
      x.dispose();
      disposeBlock(p);
    });

    it(`${cfg.name}: the input gradient of ⟨u, H(x)⟩ matches central finite differences of the float64 block`, async () => {
      const p = makeBlock(cfg.cin, cfg.cout, cfg.stride, 5);
      const np = await toNaive(p);
      const xs = seededInput(cfg.shape, 21);
      const outShape = [cfg.shape[0], cfg.shape[1] / cfg.stride, cfg.shape[2] / cfg.stride, cfg.cout];
      const us = seededInput(outShape, 31);
      const x = tf.tensor4d(Float32Array.from(xs.d), cfg.shape as [number, number, number, number]);
      const u = tf.tensor4d(Float32Array.from(us.d), outShape as [number, number, number, number]);
      const g = blockGradients(x, p, u);
      const got = await g.throughBlock.data();
      const obj = (d: Float64Array) => {
        const h = add(naiveF({ s: xs.s, d }, np), naiveS({ s: xs.s, d }, np));
        return h.d.reduce((acc, v, i) => acc + v * us.d[i], 0);
      };
      const eps = 1e-5;
      const fd = new Float64Array(xs.d.length);
      for (let i = 0; i < xs.d.length; i++) {
        const a = xs.d.slice(); a[i] += eps;
        const b = xs.d.slice(); b[i] -= eps;
        fd[i] = (obj(a) - obj(b)) / (2 * eps);
      }
      const scale = Math.max(...fd.map(Math.abs));
      expect(maxAbs(got, fd) / scale).toBeLessThan(2e-3);
      tf.dispose(Object.values(g));
      tf.dispose([x, u]);
      disposeBlock(p);
    });
  }

  it('identity shortcut: gradient through the block minus gradient through F alone is the upstream gradient itself', async () => {
    const p = makeBlock(4, 4, 1, 9);
    const x = tf.randomNormal([1, 8, 8, 4], 0, 1, 'float32', 1) as tfType.Tensor4D;
    const u = tf.randomNormal([1, 8, 8, 4], 0, 1, 'float32', 2) as tfType.Tensor4D;
    const g = blockGradients(x, p, u);
    expect(maxAbs(await g.viaShortcut.data(), await u.data())).toBeLessThan(1e-5);
    tf.dispose([...Object.values(g), x, u]);
    disposeBlock(p);
  });

  it('leaks no tensors (trace, gradients, stem)', async () => {
    const p = makeBlock(4, 8, 2, 1);
    const img = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 4) as tfType.Tensor4D;
    const before = tf.memory().numTensors;
    const stem = seededStem(img, 4, 2);
    const tr = traceBlock(stem, p);
    const g = blockGradients(stem, p, tr.sum);
    tf.dispose([...Object.values(tr), ...Object.values(g), stem]);
    expect(tf.memory().numTensors).toBe(before);
    img.dispose();
    disposeBlock(p);
  });

  it('stem maps a 64² photo to 16² feature maps', () => {
    const img = tf.zeros([1, 64, 64, 3]) as tfType.Tensor4D;
    const s = seededStem(img, 6, 1);
    expect(s.shape).toEqual([1, 16, 16, 6]);
    tf.dispose([img, s]);
  });

  it('parameter counts: ResNet-18 stage 2 block 1 (64 → 128, projection) and block 2 (128 → 128, identity)', () => {
    // SYLLABUS: stage 2 holds 525,568 parameters in all.
    const b1 = blockParamCount(64, 128, true);
    const b2 = blockParamCount(128, 128, false);
    expect(b1.shortcut).toBe(64 * 128 + 2 * 128);
    expect(b1.shortcut).toBe(8_448); // the numbers the residual-block lesson prints
    expect(b1.total).toBe(230_144);
    expect(b2.shortcut).toBe(0);
    expect(b1.total + b2.total).toBe(525_568);
    expect(2 * blockParamCount(64, 64, false).total).toBe(147_968);
  });
});

describe('computeBlockLesson', () => {
  it('returns the shapes the lesson states, a zero shortcut-gradient error, and leaks nothing', async () => {
    const { computeBlockLesson } = await import('../../../lessons/residual-block/blockLesson');
    const img = tf.randomUniform([64, 80, 3], 0, 1, 'float32', 3) as tfType.Tensor3D;
    const before = tf.memory().numTensors;
    const r = await computeBlockLesson(img);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.identity.x.shape).toEqual([1, 16, 20, 8]);
    expect(r.identity.out.shape).toEqual([1, 16, 20, 8]);
    expect(r.projection.out.shape).toEqual([1, 8, 10, 16]);
    expect(r.projection.shortcut.shape).toEqual([1, 8, 10, 16]);
    expect(r.grads.throughBlock.shape).toEqual([1, 16, 20, 8]);
    expect(r.shortcutGradError).toBeLessThan(1e-5);
    // out = ReLU(F + S), recomputed from the returned arrays
    const { f, shortcut, out } = r.identity;
    for (let i = 0; i < out.data.length; i += 97) expect(out.data[i]).toBeCloseTo(Math.max(0, f.data[i] + shortcut.data[i]), 5);
    img.dispose();
  });
});
