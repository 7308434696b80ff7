/**
 * Naive float64 reference implementations, written from the PyTorch definitions with plain loops and no
 * tfjs — the independent side of every numeric test in test/nn (and reusable by other tests).
 * Layout: NHWC arrays [N,H,W,C] flattened row-major; conv kernels HWIO [k,k,Cin,Cout]; fc weight [in,out].
 */

/** A dense float64 array with its shape. */
export interface Nd {
  data: Float64Array;
  shape: number[];
}

/** Wraps data (any numeric array) as float64 with a shape; checks the size. */
export function nd(data: ArrayLike<number>, shape: number[]): Nd {
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`nd: ${data.length} values for shape [${shape}]`);
  return { data: Float64Array.from(data), shape: [...shape] };
}

/** Deterministic pseudo-random values in [lo, hi) from a 31-bit LCG (Park–Miller), independent of src/. */
export function randomValues(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = (seed % 2147483646) + 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    out[i] = lo + ((s - 1) / 2147483646) * (hi - lo);
  }
  return out;
}

/** Random Nd of a shape (see randomValues). */
export function randomNd(shape: number[], seed: number, lo = -1, hi = 1): Nd {
  return { data: randomValues(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape };
}

/** Largest |a − b| over two equally long arrays (throws on length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Infinity : m;
}

/** Output side of a window op as torch computes it: ⌊(h + 2p − d(k−1) − 1)/s⌋ + 1. */
export function outSide(h: number, k: number, s: number, p: number, d = 1): number {
  return Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/** torch.nn.functional.conv2d (cross-correlation, zero padding, no bias), NHWC/HWIO. */
export function naiveConv2d(x: Nd, w: Nd, stride = 1, pad = 0, dilation = 1): Nd {
  const [n, h, wd, cin] = x.shape;
  const [k, k2, cin2, cout] = w.shape;
  if (k !== k2 || cin !== cin2) throw new Error('naiveConv2d: kernel/channel mismatch');
  const ho = outSide(h, k, stride, pad, dilation);
  const wo = outSide(wd, k, stride, pad, dilation);
  const out = new Float64Array(n * ho * wo * cout);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++)
        for (let co = 0; co < cout; co++) {
          let acc = 0;
          for (let ky = 0; ky < k; ky++) {
            const iy = oy * stride - pad + ky * dilation;
            if (iy < 0 || iy >= h) continue; // zero padding contributes nothing
            for (let kx = 0; kx < k; kx++) {
              const ix = ox * stride - pad + kx * dilation;
              if (ix < 0 || ix >= wd) continue;
              for (let ci = 0; ci < cin; ci++) {
                acc += x.data[((b * h + iy) * wd + ix) * cin + ci] * w.data[((ky * k + kx) * cin + ci) * cout + co];
              }
            }
          }
          out[((b * ho + oy) * wo + ox) * cout + co] = acc;
        }
  return { data: out, shape: [n, ho, wo, cout] };
}

/** Window pooling over an explicitly padded input; `padValue` fills the border (−∞ for torch max-pool). */
function pool(x: Nd, k: number, stride: number, pad: number, padValue: number, reduce: (v: number[]) => number): Nd {
  const [n, h, wd, c] = x.shape;
  const ho = outSide(h, k, stride, pad);
  const wo = outSide(wd, k, stride, pad);
  const out = new Float64Array(n * ho * wo * c);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++)
        for (let ch = 0; ch < c; ch++) {
          const window: number[] = [];
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * stride - pad + ky;
              const ix = ox * stride - pad + kx;
              const inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
              window.push(inside ? x.data[((b * h + iy) * wd + ix) * c + ch] : padValue);
            }
          out[((b * ho + oy) * wo + ox) * c + ch] = reduce(window);
        }
  return { data: out, shape: [n, ho, wo, c] };
}

/** torch max_pool2d (floor mode); `padValue` is −∞ in torch — pass 0 only to show what a wrong pad gives. */
export function naiveMaxPool(x: Nd, k: number, stride: number, pad = 0, padValue = -Infinity): Nd {
  return pool(x, k, stride, pad, padValue, (v) => Math.max(...v));
}

/** torch avg_pool2d with count_include_pad=True (padded zeros count in the mean). */
export function naiveAvgPool(x: Nd, k: number, stride: number, pad = 0): Nd {
  return pool(x, k, stride, pad, 0, (v) => v.reduce((a, b) => a + b, 0) / v.length);
}

/** Mean over H and W: [N,H,W,C] → [N,C]. */
export function naiveGlobalAvgPool(x: Nd): Nd {
  const [n, h, w, c] = x.shape;
  const out = new Float64Array(n * c);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h * w; i++) for (let ch = 0; ch < c; ch++) out[b * c + ch] += x.data[(b * h * w + i) * c + ch];
  for (let i = 0; i < out.length; i++) out[i] /= h * w;
  return { data: out, shape: [n, c] };
}

/** x [N,in] · w [in,out] + b [out]. */
export function naiveLinear(x: Nd, w: Nd, bias: Nd): Nd {
  const [n, fin] = x.shape;
  const fout = w.shape[1];
  const out = new Float64Array(n * fout);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < fout; o++) {
      let acc = bias.data[o];
      for (let i = 0; i < fin; i++) acc += x.data[b * fin + i] * w.data[i * fout + o];
      out[b * fout + o] = acc;
    }
  return { data: out, shape: [n, fout] };
}

export function naiveRelu(x: Nd): Nd {
  return { data: x.data.map((v) => (v > 0 ? v : 0)), shape: x.shape };
}

export function naiveAdd(a: Nd, b: Nd): Nd {
  if (a.shape.join() !== b.shape.join()) throw new Error('naiveAdd: shape mismatch');
  return { data: a.data.map((v, i) => v + b.data[i]), shape: a.shape };
}

/** Per-channel statistics over every axis but the last: mean, biased variance (÷n), unbiased (÷(n−1)), n. */
export function channelStats(x: Nd): { mean: Float64Array; biasedVar: Float64Array; unbiasedVar: Float64Array; count: number } {
  const c = x.shape[x.shape.length - 1];
  const count = x.data.length / c;
  const mean = new Float64Array(c);
  for (let i = 0; i < x.data.length; i++) mean[i % c] += x.data[i] / count;
  const ss = new Float64Array(c);
  for (let i = 0; i < x.data.length; i++) ss[i % c] += (x.data[i] - mean[i % c]) ** 2;
  return { mean, biasedVar: ss.map((v) => v / count), unbiasedVar: ss.map((v) => v / (count - 1)), count };
}

/** BN parameters in float64: γ, β, running mean, running var, each [C]. */
export interface NaiveBn {
  gamma: ArrayLike<number>;
  beta: ArrayLike<number>;
  mean: ArrayLike<number>;
  variance: ArrayLike<number>;
}

/** y = γ (x − μ)/√(σ² + eps) + β per channel (last axis). */
export function naiveNormalize(x: Nd, mu: ArrayLike<number>, v: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps = 1e-5): Nd {
  const c = x.shape[x.shape.length - 1];
  return { data: x.data.map((val, i) => (gamma[i % c] * (val - mu[i % c])) / Math.sqrt(v[i % c] + eps) + beta[i % c]), shape: x.shape };
}

/** torch BatchNorm2d in eval(): running statistics. */
export function naiveBatchNormEval(x: Nd, bn: NaiveBn, eps = 1e-5): Nd {
  return naiveNormalize(x, bn.mean, bn.variance, bn.gamma, bn.beta, eps);
}

/**
 * torch BatchNorm2d in train(): normalise with the batch mean and BIASED variance; the returned running
 * statistics are 0.9·old + 0.1·batch with the UNBIASED variance (momentum 0.1).
 */
export function naiveBatchNormTrain(x: Nd, bn: NaiveBn, eps = 1e-5, momentum = 0.1): { y: Nd; runningMean: Float64Array; runningVar: Float64Array } {
  const s = channelStats(x);
  const y = naiveNormalize(x, s.mean, s.biasedVar, bn.gamma, bn.beta, eps);
  const runningMean = Float64Array.from(s.mean, (m, i) => (1 - momentum) * bn.mean[i] + momentum * m);
  const runningVar = Float64Array.from(s.unbiasedVar, (v, i) => (1 - momentum) * bn.variance[i] + momentum * v);
  return { y, runningMean, runningVar };
}

/** Weights of one basic block in float64 (conv kernels HWIO). */
export interface NaiveBlock {
  conv1: Nd;
  bn1: NaiveBn;
  conv2: Nd;
  bn2: NaiveBn;
  shortcut?: { conv: Nd; bn: NaiveBn };
}

/**
 * torchvision BasicBlock, eval mode: relu(bn2(conv2(relu(bn1(conv1(x, stride))))) + shortcut(x)) with
 * shortcut = bn(conv1×1(x, stride)) when given, else x.
 */
export function naiveBasicBlock(x: Nd, b: NaiveBlock, stride: number): Nd {
  const h = naiveRelu(naiveBatchNormEval(naiveConv2d(x, b.conv1, stride, 1), b.bn1));
  const main = naiveBatchNormEval(naiveConv2d(h, b.conv2, 1, 1), b.bn2);
  const skip = b.shortcut ? naiveBatchNormEval(naiveConv2d(x, b.shortcut.conv, stride, 0), b.shortcut.bn) : x;
  return naiveRelu(naiveAdd(main, skip));
}

/**
 * Symmetric int8 round trip with one scale per output channel (the last axis), as ONNX's QuantizeLinear and our
 * [-127, 127] grid define it: s = max|w|/127 in float32, q = clamp(round-half-even(w/s)), back to q·s.
 */
export function naiveInt8PerChannel(w: Float32Array, shape: number[]): Float32Array {
  const co = shape[shape.length - 1];
  const max = new Array<number>(co).fill(0);
  for (let i = 0; i < w.length; i++) max[i % co] = Math.max(max[i % co], Math.abs(w[i]));
  return Float32Array.from(w, (v, i) => {
    const s = Math.fround(max[i % co] / 127) || 1;
    const x = Math.fround(v / s);
    const f = Math.floor(x);
    const q = x - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(x);
    return Math.max(-127, Math.min(127, q)) * s;
  });
}
