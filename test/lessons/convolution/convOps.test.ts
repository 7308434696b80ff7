import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { conv2dGrid, pool2dGrid, convolveGray, conv2dChannels, edgePoolMaps, stemDemo, downsampleBoth, LUMA, readGrid, gridTensor } from '../../../lessons/convolution/convOps';
import { squareSettings, convOutputShape, channelBreakdown } from '../../../lessons/convolution/convMath';
import { poolWindow, poolOutputSize } from '../../../lessons/pooling/pooling';

let tf: typeof tfType;
beforeAll(async () => { tf = await useBackend('wasm'); });

const grid7 = Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => ((r * 5 + c * 3) % 9) - 4));
const k3 = [[0.5, -1, 2], [1, 0, -1], [-2, 1, 0.25]];

/** Naive reference with the padding resolved by hand (zeros outside). */
function naive(x: number[][], w: number[][], s: number, p: number, d: number): number[][] {
  const n = x.length, k = w.length, out: number[][] = [];
  const at = (r: number, c: number) => (r < 0 || c < 0 || r >= n || c >= n ? 0 : x[r][c]);
  for (let oy = 0; oy * s + d * (k - 1) <= n + 2 * p - 1; oy++) {
    out.push([]);
    for (let ox = 0; ox * s + d * (k - 1) <= n + 2 * p - 1; ox++) {
      let a = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) a += at(oy * s - p + i * d, ox * s - p + j * d) * w[i][j];
      out[oy].push(a);
    }
  }
  return out;
}

describe('conv2dGrid (tfjs) equals a naive loop', () => {
  it('for stride 1–3, explicit padding 0–2, dilation 1–2 (incl. stride and dilation together)', async () => {
    for (const s of [1, 2, 3]) for (const p of [0, 1, 2]) for (const d of [1, 2]) {
      const set = squareSettings(7, 3, s, d, 'explicit', p);
      const y = conv2dGrid(grid7, k3, set);
      const ref = naive(grid7, k3, s, p, d);
      expect(y.shape.slice(1, 3)).toEqual(convOutputShape(7, 7, 3, set));
      const got = Array.from(await y.data());
      ref.flat().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
      y.dispose();
    }
  });
  it('adds the bias and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const y = conv2dGrid(grid7, k3, squareSettings(7, 3, 1, 1, 'valid'), 1.5);
    expect((await y.data())[0]).toBeCloseTo(naive(grid7, k3, 1, 0, 1)[0][0] + 1.5, 4);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('pooling', () => {
  it('pool2dGrid (tfjs) and poolWindow both equal a naive max/mean', async () => {
    for (const [k, s] of [[2, 2], [3, 2], [3, 1], [2, 1]]) for (const mode of ['max', 'avg'] as const) {
      const m = poolOutputSize(7, k, s);
      const y = pool2dGrid(grid7, k, s, mode);
      expect(y.shape).toEqual([1, m, m, 1]);
      const got = await y.data();
      y.dispose();
      for (let oy = 0; oy < m; oy++) for (let ox = 0; ox < m; ox++) {
        const vals: number[] = [];
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) vals.push(grid7[oy * s + i][ox * s + j]);
        const ref = mode === 'max' ? Math.max(...vals) : vals.reduce((a, v) => a + v, 0) / vals.length;
        expect(got[oy * m + ox]).toBeCloseTo(ref, 5);
        const w = poolWindow(grid7, oy, ox, k, s, mode);
        expect(w.value).toBeCloseTo(ref, 12);
        if (mode === 'max') expect(grid7[w.winner![0]][w.winner![1]]).toBe(ref);
      }
    }
  });
  it('max-pool 3×3/2 with padding 1 takes 112 → 56 (ResNet-18) and ignores the padding', async () => {
    const x = tf.fill([1, 112, 112, 2], -3) as tfType.Tensor4D;
    const y = tf.maxPool(x, 3, 2, 1);
    expect(y.shape).toEqual([1, 56, 56, 2]);
    expect(Math.max(...(await y.data()))).toBe(-3);
    tf.dispose([x, y]);
  });
});

describe('convolveGray', () => {
  it('is the luma image convolved with same padding', async () => {
    const H = 5, W = 6;
    const rgb = Array.from({ length: H * W * 3 }, (_, i) => ((i * 7) % 13) / 13);
    const img = tf.tensor3d(rgb, [H, W, 3]);
    const gray = Array.from({ length: H }, (_, r) => Array.from({ length: W }, (_, c) =>
      LUMA.reduce((a, l, ch) => a + l * rgb[(r * W + c) * 3 + ch], 0)));
    const y = convolveGray(img, k3);
    expect(y.shape).toEqual([1, H, W, 1]);
    const got = await y.data();
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
      let a = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        const rr = r - 1 + i, cc = c - 1 + j;
        if (rr >= 0 && cc >= 0 && rr < H && cc < W) a += gray[rr][cc] * k3[i][j];
      }
      expect(got[r * W + c]).toBeCloseTo(a, 4);
    }
    tf.dispose([img, y]);
  });
});

describe('conv2dChannels', () => {
  it('sums one kernel per input channel plus a bias, for each filter (naive loop)', async () => {
    const C = 3, n = 5, k = 3, F = 2;
    const input = Array.from({ length: C }, (_, c) => Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, q) => ((c * 11 + r * 3 + q * 7) % 10) - 4)));
    const filters = Array.from({ length: F }, (_, f) => Array.from({ length: C }, (_, c) => Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => ((f * 5 + c * 3 + i * 2 + j) % 5) - 2))));
    const biases = [0.5, -2];
    const before = tf.memory().numTensors;
    const y = conv2dChannels(input, filters, biases, squareSettings(n, k, 1, 1, 'valid'));
    expect(y.shape).toEqual([1, 3, 3, F]);
    const got = await y.data();
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (let oy = 0; oy < 3; oy++) for (let ox = 0; ox < 3; ox++) for (let f = 0; f < F; f++) {
      let a = biases[f];
      for (let c = 0; c < C; c++) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) a += input[c][oy + i][ox + j] * filters[f][c][i][j];
      expect(got[(oy * 3 + ox) * F + f]).toBeCloseTo(a, 4);
      const bd = channelBreakdown(input, filters[f], biases[f], oy, ox, squareSettings(n, k, 1, 1, 'valid'));
      expect(bd.total).toBeCloseTo(a, 12);
      expect(bd.perChannel).toHaveLength(C);
    }
  });
});

describe('lesson demos built from tfjs ops', () => {
  const naivePool = (g: number[][], mode: 'max' | 'avg', k: number, s: number, p: number) => {
    const n = g.length, m = g[0].length, out: number[][] = [];
    for (let oy = 0; oy * s - p + k <= n + p; oy++) {
      out.push([]);
      for (let ox = 0; ox * s - p + k <= m + p; ox++) {
        const vals: number[] = [];
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
          const r = oy * s - p + i, c = ox * s - p + j;
          if (r >= 0 && c >= 0 && r < n && c < m) vals.push(g[r][c]);
        }
        out[oy].push(mode === 'max' ? Math.max(...vals) : vals.reduce((a, v) => a + v, 0) / vals.length);
      }
    }
    return out;
  };
  const toGrid = (v: Float32Array | Int32Array | Uint8Array, h: number, w: number) => Array.from({ length: h }, (_, r) => Array.from(v.slice(r * w, (r + 1) * w)));

  it('edgePoolMaps pools the Sobel map like a naive 2×2/2 max and mean, twice', async () => {
    const img = tf.randomUniform([9, 11, 3], 0, 1, 'float32', 3) as tfType.Tensor3D;
    const before = tf.memory().numTensors;
    const m = edgePoolMaps(img, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], 2);
    const edge = toGrid(await m.edge.data(), 9, 11);
    const refMax = naivePool(naivePool(edge, 'max', 2, 2, 0), 'max', 2, 2, 0);
    const refAvg = naivePool(naivePool(edge, 'avg', 2, 2, 0), 'avg', 2, 2, 0);
    expect(m.max.shape).toEqual([1, 2, 2, 1]);
    const gm = await m.max.data(), ga = await m.avg.data();
    refMax.flat().forEach((v, i) => expect(gm[i]).toBeCloseTo(v, 5));
    refAvg.flat().forEach((v, i) => expect(ga[i]).toBeCloseTo(v, 5));
    tf.dispose([m.edge, m.max, m.avg]);
    expect(tf.memory().numTensors).toBe(before);
    img.dispose();
  });
  it('stemDemo gives ResNet-18 shapes 224 → 112×112×64 → 56×56×64, pooled like a naive padded max', async () => {
    const img = tf.randomUniform([224, 224, 3], 0, 1, 'float32', 5) as tfType.Tensor3D;
    const { stem, pooled } = stemDemo(img);
    expect(stem.shape).toEqual([1, 112, 112, 64]);
    expect(pooled.shape).toEqual([1, 56, 56, 64]);
    const ch0 = tf.tidy(() => stem.slice([0, 0, 0, 0], [1, 112, 112, 1]));
    const p0 = tf.tidy(() => pooled.slice([0, 0, 0, 0], [1, 56, 56, 1]));
    const ref = naivePool(toGrid(await ch0.data(), 112, 112), 'max', 3, 2, 1);
    expect(ref.length).toBe(56);
    const got = await p0.data();
    ref.flat().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    tf.dispose([img, stem, pooled, ch0, p0]);
  });
  it('downsampleBoth halves with a stride-2 conv and a padded max-pool (naive check)', async () => {
    const g = Array.from({ length: 7 }, (_, r) => Array.from({ length: 8 }, (_, c) => ((r * 3 + c * 5) % 7) - 3));
    const x = tf.tensor4d(g.flat(), [1, 7, 8, 1]);
    const k = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]];
    const { conv, pool } = downsampleBoth(x, k);
    expect(conv.shape).toEqual([1, 4, 4, 1]);
    expect(pool.shape).toEqual([1, 4, 4, 1]);
    const at = (r: number, c: number) => (r < 0 || c < 0 || r >= 7 || c >= 8 ? 0 : g[r][c]);
    const gc = await conv.data();
    for (let oy = 0; oy < 4; oy++) for (let ox = 0; ox < 4; ox++) {
      let a = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a += at(oy * 2 - 1 + i, ox * 2 - 1 + j) * k[i][j];
      expect(gc[oy * 4 + ox]).toBeCloseTo(a, 5);
    }
    const gp = await pool.data();
    naivePool(g, 'max', 3, 2, 1).flat().forEach((v, i) => expect(gp[i]).toBe(v));
    tf.dispose([x, conv, pool]);
  });
});

describe('live photo path in Node (wasm)', () => {
  it('convolveGray with 50 kernel edits leaves numTensors unchanged', async () => {
    const img = tf.randomUniform([32, 48, 3]) as tfType.Tensor3D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const y = convolveGray(img, [[0, -1, 0], [-1, 4 + i / 10, -1], [0, -1, 0]]);
      await y.data();
      y.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    img.dispose();
  });
});

describe('readGrid', () => {
  it('reads a [1,H,W,1] grid back row by row and disposes it', async () => {
    const rect = [[1, -2.5, 3], [4, 5, -6]];
    const before = tf.memory().numTensors;
    expect(await readGrid(gridTensor(rect))).toEqual(rect);
    const t = tf.tensor4d([0, 1, 2, 3, 4, 5, 6, 7], [1, 4, 2, 1]);
    expect(await readGrid(t)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
    expect(t.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
