import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { Experiment, gradNorm } from '../../../lessons/why-residuals/experiment';
import { initParams, makeSpirals, smallNetForward, layerNames, type SmallNetSpec } from '../../../lessons/why-residuals/smallnets';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

type P = Map<string, { shape: number[]; data: Float64Array }>;
/** Naive float64 forward + mean softmax cross-entropy of a small net (independent of smallnets.ts's tfjs code). */
function naiveLoss(spec: SmallNetSpec, residual: boolean, p: P, x: Float32Array, y: Int32Array, n: number): number {
  const dense = (h: Float64Array[], name: string, bn: boolean): Float64Array[] => {
    const w = p.get(`${name}.weight`)!;
    const b = p.get(`${name}.bias`)?.data; // layers followed by BN have none
    const [fin, fout] = w.shape;
    const z = h.map((row) => {
      const o = new Float64Array(fout);
      for (let j = 0; j < fout; j++) {
        let s = b ? b[j] : 0;
        for (let i = 0; i < fin; i++) s += row[i] * w.data[i * fout + j];
        o[j] = s;
      }
      return o;
    });
    if (!bn || !p.has(`${name}.gamma`)) return z;
    const g = p.get(`${name}.gamma`)!.data;
    const be = p.get(`${name}.beta`)!.data;
    for (let j = 0; j < fout; j++) {
      const m = z.reduce((s, r) => s + r[j], 0) / z.length;
      const v = z.reduce((s, r) => s + (r[j] - m) ** 2, 0) / z.length;
      for (const r of z) r[j] = ((r[j] - m) / Math.sqrt(v + 1e-5)) * g[j] + be[j];
    }
    return z;
  };
  const relu = (h: Float64Array[]) => h.map((r) => r.map((v) => Math.max(0, v)));
  let h = relu(dense(Array.from({ length: n }, (_, i) => Float64Array.from([x[2 * i], x[2 * i + 1]])), 'stem', spec.batchNorm));
  for (let l = 1; l < spec.depth - 1; l += 2) {
    const f = dense(relu(dense(h, `hidden${l}`, spec.batchNorm)), `hidden${l + 1}`, spec.batchNorm);
    h = relu(residual ? f.map((r, i) => r.map((v, j) => v + h[i][j])) : f);
  }
  const logits = dense(h, 'out', false);
  let loss = 0;
  logits.forEach((r, i) => {
    const m = Math.max(...r);
    const lse = m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0));
    loss += lse - r[y[i]];
  });
  return loss / n;
}

describe('small nets and the experiment step', () => {
  for (const [bn, residual] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    it(`loss and per-layer gradient norms match float64 + central differences (BN ${bn}, residual ${residual})`, async () => {
      const settings = { depth: 6, width: 4, batchNorm: bn, points: 12, seed: 3, lr: 0.01, momentum: 0.9, turns: 1, noise: 0.05 };
      const e = new Experiment(settings);
      const rec = await e.step();
      const got = residual ? rec.residual : rec.plain;
      const spec = e.spec;
      const p: P = new Map([...initParams(spec, settings.seed)].map(([k, v]) => [k, { shape: v.shape, data: Float64Array.from(v.data) }]));
      const { x, y, n } = e.data;
      expect(got.loss).toBeCloseTo(naiveLoss(spec, residual, p, x, y, n), 5);
      layerNames(spec.depth).forEach((layer, li) => {
        const w = p.get(`${layer}.weight`)!;
        let sq = 0;
        for (let k = 0; k < w.data.length; k++) {
          const keep = w.data[k];
          w.data[k] = keep + 1e-6;
          const up = naiveLoss(spec, residual, p, x, y, n);
          w.data[k] = keep - 1e-6;
          const down = naiveLoss(spec, residual, p, x, y, n);
          w.data[k] = keep;
          sq += ((up - down) / 2e-6) ** 2;
        }
        const ref = Math.sqrt(sq);
        expect(Math.abs(got.gradNorms[li] - ref)).toBeLessThan(2e-3 * ref + 1e-6);
      });
      e.dispose();
    });
  }

  it('the data set is two balanced, seeded spirals inside about [-1, 1]²', () => {
    const a = makeSpirals(100, 1.5, 0.03, 5);
    const b = makeSpirals(100, 1.5, 0.03, 5);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.y.reduce((s, v) => s + v, 0)).toBe(50);
    expect(Math.max(...Array.from(a.x).map(Math.abs))).toBeLessThan(1.2);
  });

  it('a training step leaks nothing (after the optimizer has made its momentum buffers at step 1)', async () => {
    const e = new Experiment({ depth: 8, points: 32 });
    await e.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await e.step();
    await e.accuracy();
    expect(tf.memory().numTensors).toBe(before);
    const base = before;
    e.dispose();
    expect(tf.memory().numTensors).toBeLessThan(base);
  });

  it('dispose frees everything the experiment made', async () => {
    const start = tf.memory().numTensors;
    const e = new Experiment({ depth: 8, points: 32 });
    await e.step();
    e.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('is seeded: two experiments with the same settings tell the same story', async () => {
    const a = new Experiment({ depth: 8, points: 32 });
    const b = new Experiment({ depth: 8, points: 32 });
    for (let i = 0; i < 3; i++) {
      const ra = await a.step();
      const rb = await b.step();
      expect(ra).toEqual(rb);
    }
    a.dispose();
    b.dispose();
  });

  it('plain and residual nets start from the same weights; only the shortcut differs', async () => {
    const e = new Experiment({ depth: 4, points: 16 });
    const spec = { ...e.spec };
    const p = new Map([...initParams(spec, 1)].map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
    const x = tf.tensor2d(e.data.x, [16, 2]);
    const [plain, res] = [false, true].map((r) => tf.tidy(() => smallNetForward(spec, r, p, x)));
    expect(plain.shape).toEqual([16, 2]);
    expect(Array.from(await plain.data())).not.toEqual(Array.from(await res.data()));
    tf.dispose([plain, res, x, ...p.values()]);
    e.dispose();
  });

  it('rejects a depth that is odd or too small', () => {
    expect(() => new Experiment({ depth: 7 })).toThrow(/even/);
  });
});

describe('decisionGrid', () => {
  it('classifies points exactly as the training pass does (BN with training-set statistics) and leaks nothing', async () => {
    for (const batchNorm of [true, false]) {
      const e = new Experiment({ depth: 6, width: 4, points: 16, batchNorm });
      await e.step();
      const before = tf.memory().numTensors;
      const g = await e.decisionGrid(5);
      expect(tf.memory().numTensors).toBe(before);
      expect(g.plain.length).toBe(25);
      g.residual.forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
      // the grid's training-set statistics make a point's prediction independent of the other grid points:
      // the centre of a 5×5 grid and the centre of a 1×1 grid are the same point (0, 0)
      const one = await e.decisionGrid(1);
      expect(one.residual[0]).toBeCloseTo(g.residual[12], 5);
      expect(one.plain[0]).toBeCloseTo(g.plain[12], 5);
      e.dispose();
    }
  });

  it('with the training set as the extra rows it reproduces the training-mode predictions', async () => {
    const e = new Experiment({ depth: 6, width: 4, points: 16, batchNorm: true });
    const spec = e.spec;
    const p = new Map([...initParams(spec, 1)].map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
    const x = tf.tensor2d(e.data.x, [16, 2]);
    const train = tf.tidy(() => smallNetForward(spec, true, p, x));
    const twice = tf.tidy(() => tf.slice(smallNetForward(spec, true, p, tf.concat([x, x]), 16), [16, 0], [16, 2]));
    const a = await train.data();
    const b = await twice.data();
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
    tf.dispose([train, twice, x, ...p.values()]);
    e.dispose();
  });
});

describe('gradNorm', () => {
  it('keeps gradients whose squares underflow float32 (rough edge 10), against a float64 norm', async () => {
    const vals = [3e-25, -4e-25, 1.2e-24, 0, -7e-26, 5e-30];
    let ref = 0;
    for (const v of vals) ref += Math.fround(v) ** 2;
    ref = Math.sqrt(ref); // float64: no underflow at 1e-50
    const before = tf.memory().numTensors;
    const g = tf.tensor1d(vals);
    const [plainNorm, scaled] = tf.tidy(() => [tf.norm(g), gradNorm(g)]);
    expect((await plainNorm.data())[0]).toBe(0); // what tf.norm gave: the plot had nothing to draw
    expect((await scaled.data())[0] / ref).toBeCloseTo(1, 5);
    const zero = tf.tidy(() => gradNorm(tf.zeros([3])));
    expect((await zero.data())[0]).toBe(0);
    const big = tf.tidy(() => gradNorm(tf.tensor1d([3, -4])));
    expect((await big.data())[0]).toBeCloseTo(5, 5);
    tf.dispose([g, plainNorm, scaled, zero, big]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
