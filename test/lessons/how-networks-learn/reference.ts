/**
 * Float64 references for the "How a network learns" lesson, written from the definitions (torch.optim's
 * documented update rules, the chain rule by loops) and sharing no code with the lesson or tfjs.
 */

/** Points as plain number arrays: xs[i] = [x1, x2]. */
export interface Points { xs: [number, number][]; ys: number[] }

export function toPoints(x: ArrayLike<number>, y: ArrayLike<number>): Points {
  return { xs: Array.from({ length: y.length }, (_, i) => [x[2 * i], x[2 * i + 1]] as [number, number]), ys: Array.from(y) };
}

/** Mean squared error (1/N) Σ (w·x − y)². */
export function mse(p: Points, w: readonly number[]): number {
  let s = 0;
  p.xs.forEach((x, i) => { s += (x[0] * w[0] + x[1] * w[1] - p.ys[i]) ** 2; });
  return s / p.ys.length;
}

/** Its gradient (2/N) Σ x (w·x − y). */
export function mseGrad(p: Points, w: readonly number[]): [number, number] {
  const g: [number, number] = [0, 0];
  const n = p.ys.length;
  p.xs.forEach((x, i) => {
    const e = x[0] * w[0] + x[1] * w[1] - p.ys[i];
    g[0] += (2 / n) * x[0] * e;
    g[1] += (2 / n) * x[1] * e;
  });
  return g;
}

export type RefMethod = 'sgd' | 'momentum' | 'adam' | 'sgd-l2' | 'adam-l2' | 'adamw';

/**
 * torch.optim rules, from the PyTorch docs: SGD g ← g + λw; b ← μb + g (b₁ = g₁); w ← w − ηb.
 * Adam g ← g + λw; m, v EMAs; w ← w − η m̂/(√v̂ + ε). AdamW w ← w(1 − ηλ) first, then Adam without λ.
 */
export function refDescent(p: Points, method: RefMethod, lr: number, steps: number, start: readonly number[], wd = 0, mu = 0.9): number[][] {
  let w = [...start];
  let b: number[] | null = null;
  let m = [0, 0], v = [0, 0];
  const out = [[...w, mse(p, w)]];
  const coupled = method === 'sgd-l2' || method === 'adam-l2' ? wd : 0;
  for (let t = 1; t <= steps; t++) {
    let g = mseGrad(p, w).map((gi, i) => gi + coupled * w[i]);
    if (method === 'adamw') w = w.map((wi) => wi * (1 - lr * wd));
    if (method === 'sgd' || method === 'sgd-l2' || method === 'momentum') {
      if (method === 'momentum') {
        b = b ? b.map((bi, i) => mu * bi + g[i]) : [...g];
        g = b;
      }
      w = w.map((wi, i) => wi - lr * g[i]);
    } else {
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] * g[i]);
      const c1 = 1 - 0.9 ** t, c2 = 1 - 0.999 ** t;
      w = w.map((wi, i) => wi - (lr / c1) * m[i] / (Math.sqrt(v[i] / c2) + 1e-8));
    }
    out.push([...w, mse(p, w)]);
  }
  return out;
}

/** The tiny conv → ReLU → global-average-pool → fc network's loss, in float64 (kernel HWIO [3,3,1,2]). */
export function tinyLoss(x: number[][], kernel: ArrayLike<number>, fcW: ArrayLike<number>, fcB: ArrayLike<number>, label: number): number {
  const p = [0, 0];
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let a = 0;
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) a += x[i + u][j + v] * kernel[(u * 3 + v) * 2 + c];
      p[c] += Math.max(0, a) / 9;
    }
  }
  const z = [0, 1, 2].map((k) => p[0] * fcW[k] + p[1] * fcW[3 + k] + fcB[k]);
  const mx = Math.max(...z);
  const lse = mx + Math.log(z.reduce((s, zk) => s + Math.exp(zk - mx), 0));
  return lse - z[label];
}

/** ∂L/∂K for every conv weight by reverse-mode loops (float64), kernel HWIO flattened like the lesson's. */
export function tinyKernelGrad(x: number[][], kernel: ArrayLike<number>, fcW: ArrayLike<number>, fcB: ArrayLike<number>, label: number): number[] {
  const a: number[][][] = [0, 1].map((c) => [0, 1, 2].map((i) => [0, 1, 2].map((j) => {
    let s = 0;
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) s += x[i + u][j + v] * kernel[(u * 3 + v) * 2 + c];
    return s;
  })));
  const p = a.map((ac) => ac.flat().reduce((s, v) => s + Math.max(0, v), 0) / 9);
  const z = [0, 1, 2].map((k) => p[0] * fcW[k] + p[1] * fcW[3 + k] + fcB[k]);
  const ez = z.map((zk) => Math.exp(zk - Math.max(...z)));
  const q = ez.map((e) => e / ez.reduce((s, v) => s + v, 0));
  const dz = q.map((qk, k) => qk - (k === label ? 1 : 0));
  const dp = [0, 1].map((c) => dz.reduce((s, d, k) => s + d * fcW[c * 3 + k], 0));
  const grad = new Array(18).fill(0);
  for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    if (a[c][i][j] <= 0) continue;
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) grad[(u * 3 + v) * 2 + c] += (dp[c] / 9) * x[i + u][j + v];
  }
  return grad;
}
