/**
 * Plain-number helpers for the lesson's tables: percentiles of timings, NHWC → NCHW for ONNX, batches made by
 * repeating the sample photos, top-1 per row and the largest logit difference.
 */

/** Nearest-rank percentile (p in (0,100]) of the values: the smallest value with at least p% of them ≤ it. */
export function percentile(values: number[], p: number): number {
  if (!values.length) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** NHWC [n,h,w,c] → NCHW [n,c,h,w], row-major. */
export function nhwcToNchw(src: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const dst = new Float32Array(src.length);
  for (let a = 0; a < n; a++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
    dst[((a * c + ch) * h + y) * w + x] = src[((a * h + y) * w + x) * c + ch];
  }
  return dst;
}

/** A batch of `n` images made by repeating `images` (each one image's values) in turn. */
export function repeatBatch(images: Float32Array[], n: number): Float32Array {
  const per = images[0].length;
  const out = new Float32Array(per * n);
  for (let i = 0; i < n; i++) out.set(images[i % images.length], i * per);
  return out;
}

/** Index of the largest logit of each row of a row-major [rows, classes] array. */
export function top1(logits: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r * classes < logits.length; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[r * classes + k] > logits[r * classes + best]) best = k;
    out.push(best);
  }
  return out;
}

/** max |a − b| over two equally long arrays. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** How many positions agree between two label lists. */
export function agreement(a: number[], b: number[]): number {
  return a.reduce((n, v, i) => n + (v === b[i] ? 1 : 0), 0);
}
