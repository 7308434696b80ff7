/**
 * Naive float64 reference loops for convolution gradients and softmax cross-entropy — written from the
 * definitions, sharing no code with tfjs, so tests compare against an independent reference.
 * Layouts: activations NHWC, kernels HWIO, all row-major flat arrays.
 */

/** Geometry of a 2-D convolution with explicit top/left zero padding (out-of-range reads are 0). */
export interface ConvGeom {
  n: number; h: number; w: number; cin: number; cout: number;
  k: number; stride: number; top: number; left: number; oh: number; ow: number;
}

/** Output size for symmetric padding p: floor((h + 2p − k)/s) + 1, as torch.nn.Conv2d. */
export function geomSymmetric(n: number, h: number, w: number, cin: number, cout: number, k: number, stride: number, pad: number): ConvGeom {
  const oh = Math.floor((h + 2 * pad - k) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - k) / stride) + 1;
  return { n, h, w, cin, cout, k, stride, top: pad, left: pad, oh, ow };
}

/** TensorFlow 'same': out = ceil(h/s), total pad = max((out−1)s + k − h, 0), top gets the smaller half. */
export function geomSame(n: number, h: number, w: number, cin: number, cout: number, k: number, stride: number): ConvGeom {
  const oh = Math.ceil(h / stride), ow = Math.ceil(w / stride);
  const ph = Math.max((oh - 1) * stride + k - h, 0), pw = Math.max((ow - 1) * stride + k - w, 0);
  return { n, h, w, cin, cout, k, stride, top: Math.floor(ph / 2), left: Math.floor(pw / 2), oh, ow };
}

/** y[n,oh,ow,co] = Σ x[n, oh·s+i−top, ow·s+j−left, ci] · W[i,j,ci,co]. */
export function conv2dNaive(x: ArrayLike<number>, wt: ArrayLike<number>, g: ConvGeom): Float64Array {
  const y = new Float64Array(g.n * g.oh * g.ow * g.cout);
  forEachTap(g, (xi, wi, yi) => {
    for (let co = 0; co < g.cout; co++) y[yi + co] += x[xi] * wt[wi + co];
  });
  return y;
}

/** dW[i,j,ci,co] = Σ_{n,oh,ow} x[n, oh·s+i−top, ow·s+j−left, ci] · dy[n,oh,ow,co]. */
export function conv2dFilterGradNaive(x: ArrayLike<number>, dy: ArrayLike<number>, g: ConvGeom): Float64Array {
  const dw = new Float64Array(g.k * g.k * g.cin * g.cout);
  forEachTap(g, (xi, wi, yi) => {
    for (let co = 0; co < g.cout; co++) dw[wi + co] += x[xi] * dy[yi + co];
  });
  return dw;
}

/** dx[n,h,w,ci] = Σ over every (output, tap) that read x[n,h,w,ci] of dy · W. */
export function conv2dInputGradNaive(dy: ArrayLike<number>, wt: ArrayLike<number>, g: ConvGeom): Float64Array {
  const dx = new Float64Array(g.n * g.h * g.w * g.cin);
  forEachTap(g, (xi, wi, yi) => {
    let s = 0;
    for (let co = 0; co < g.cout; co++) s += dy[yi + co] * wt[wi + co];
    dx[xi] += s;
  });
  return dx;
}

/** Calls f(xIndex, wIndex(ci, co=0), yIndex(co=0)) for every in-range (output pixel, tap, input channel). */
function forEachTap(g: ConvGeom, f: (xi: number, wi: number, yi: number) => void): void {
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        const yi = ((b * g.oh + oy) * g.ow + ox) * g.cout;
        for (let i = 0; i < g.k; i++) {
          const iy = oy * g.stride + i - g.top;
          if (iy < 0 || iy >= g.h) continue;
          for (let j = 0; j < g.k; j++) {
            const ix = ox * g.stride + j - g.left;
            if (ix < 0 || ix >= g.w) continue;
            for (let ci = 0; ci < g.cin; ci++) {
              f(((b * g.h + iy) * g.w + ix) * g.cin + ci, ((i * g.k + j) * g.cin + ci) * g.cout, yi);
            }
          }
        }
      }
    }
  }
}

/**
 * Mean softmax cross-entropy over a batch, with torch's label smoothing ε: the target is
 * (1−ε)·onehot + ε/C. Returns the loss and dL/dlogits (= (softmax − target)/N). logits [N,C] row-major.
 */
export function crossEntropyNaive(logits: ArrayLike<number>, labels: ArrayLike<number>, c: number, eps = 0): { loss: number; grad: Float64Array } {
  const n = labels.length;
  const grad = new Float64Array(n * c);
  let loss = 0;
  for (let r = 0; r < n; r++) {
    let m = -Infinity;
    for (let k = 0; k < c; k++) m = Math.max(m, logits[r * c + k]);
    let z = 0;
    for (let k = 0; k < c; k++) z += Math.exp(logits[r * c + k] - m);
    for (let k = 0; k < c; k++) {
      const logp = logits[r * c + k] - m - Math.log(z);
      const target = (k === labels[r] ? 1 - eps : 0) + eps / c;
      loss -= target * logp;
      grad[r * c + k] = (Math.exp(logp) - target) / n;
    }
  }
  return { loss: loss / n, grad };
}

/** Seeded uniform(−1,1) numbers (mulberry32), so a failing case can be replayed. */
export function randomArray(size: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Largest |a[i] − b[i]|; throws if lengths differ (a shape bug must not pass as "close"). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
