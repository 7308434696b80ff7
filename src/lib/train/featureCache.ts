/**
 * Frozen-backbone fine-tuning that runs the backbone once. The frozen part of ResNet-18 gives the same output for
 * an image every epoch (BatchNorm in eval mode: running statistics, nothing updated), so it runs ONCE per image
 * (per augmentation draw, if the caller draws several) and its output is kept as plain floats:
 *   'head.gap' — the pooled 512-d features; only head.fc trains (a linear softmax classifier), milliseconds per epoch.
 *   'stage3'   — stage-3 activations [h,w,256] (14×14 at 224²); stage 4 (BN in train mode: batch statistics,
 *                running statistics updated, as torch's model.train() on an unfrozen layer4) and head.fc train
 *                from them through forwardFrom, stage 4 at stage4LrScale × lr (differential learning rates).
 * Lives in lib/train, beside the studio's Trainer, because it is training code the studio can reuse; the lesson
 * "Teach it your classes" (lessons/teach-it) and scripts/bench-finetune.ts drive it.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  forward, forwardFrom, linear, crossEntropy, Optimizer, NonFiniteLossError, createRng, permutation,
  type ResNet18, type OptimizerConfig, type ParamGroup,
} from '../nn';

/** Where the backbone is cut: after global average pooling (head only trains) or after stage 3 (stage 4 + head). */
export type CachePoint = 'head.gap' | 'stage3';

/** Cached backbone outputs as plain data: `rows` rows of `rowShape` (NHWC without N), row-major in `data`. */
export interface FeatureCache {
  point: CachePoint;
  rowShape: number[];
  rows: number;
  data: Float32Array;
}

/** Floats per cached row at `point` for a square crop of `crop` px (ImageNet stem: stage 3 is crop/16 wide). */
export function rowSize(point: CachePoint, crop: number, width = 1): number {
  if (point === 'head.gap') return 512 * width;
  const side = Math.ceil(crop / 16);
  return side * side * 256 * width;
}

/** Bytes of a float32 cache of `rows` rows at `point` and `crop` px (e.g. 200 × 14·14·256 × 4 B ≈ 40 MB at 224). */
export function cacheBytes(point: CachePoint, rows: number, crop: number, width = 1): number {
  return rows * rowSize(point, crop, width) * 4;
}

/**
 * Options of extractFeatures: images per forward pass, a progress callback (rows done, rows total), and the pass
 * itself (default: forward in eval mode; e.g. a BN-folded pass giving the same activations), which returns one
 * tensor per point in order, each disposed by extractFeatures.
 */
export interface ExtractOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  pass?: (x: tf.Tensor4D, points: CachePoint[]) => tf.Tensor[];
}

/**
 * Runs the frozen backbone once per row and keeps its output at each of `points` (one pass serves both caches):
 * `batchOf(start, end)` gives rows start..end-1 as [b,H,W,3] NHWC, preprocessed (disposed here). BatchNorm in
 * eval mode. Returns one cache per point, in order, as plain floats; no tensor escapes.
 */
export async function extractFeatures(
  m: ResNet18, points: CachePoint[], rows: number,
  batchOf: (start: number, end: number) => tf.Tensor4D | Promise<tf.Tensor4D>, opts: ExtractOptions = {},
): Promise<FeatureCache[]> {
  const batch = opts.batchSize ?? 16;
  const caches: FeatureCache[] = points.map((point) => ({ point, rowShape: [], rows, data: new Float32Array(0) }));
  for (let start = 0; start < rows; start += batch) {
    const end = Math.min(rows, start + batch);
    const x = await batchOf(start, end);
    let acts: Map<string, tf.Tensor>;
    try {
      if (opts.pass) {
        const outs = opts.pass(x, points);
        acts = new Map(points.map((p, i) => [p, outs[i]]));
      } else {
        const r = forward(m, x, { taps: points });
        r.logits.dispose();
        acts = r.activations;
      }
    } finally {
      x.dispose();
    }
    try {
      for (const c of caches) {
        const out = acts.get(c.point)!;
        const values = (await out.data()) as Float32Array;
        if (start === 0) {
          c.rowShape = out.shape.slice(1);
          c.data = new Float32Array(rows * (values.length / (end - start)));
        }
        c.data.set(values, start * (c.data.length / rows));
      }
    } finally {
      tf.dispose([...acts.values()]);
    }
    opts.onProgress?.(end, rows);
  }
  return caches;
}

/** True for parameters that train from `point`: head.fc always, stage 4 too from 'stage3'. */
export function trainsFrom(point: CachePoint, name: string): boolean {
  return name.startsWith('head.fc.') || (point === 'stage3' && name.startsWith('stage4.'));
}

/** Optimizer groups for training from a cache: stage 4 at stage4LrScale × lr, head at lr, the rest frozen. */
export function cacheGroups(point: CachePoint, stage4LrScale = 0.1): ParamGroup[] {
  return [
    { match: (n) => n.startsWith('head.fc.') },
    { match: (n) => trainsFrom(point, n), lrScale: stage4LrScale },
    { match: () => true, frozen: true },
  ];
}

/** Logits [b,K] of the part that trains, from cached rows x [b,...rowShape] (stage-4 BN in train or eval mode). Caller disposes. */
function headLogits(m: ResNet18, point: CachePoint, x: tf.Tensor, training = true): tf.Tensor2D {
  if (point === 'head.gap') {
    return linear(x as tf.Tensor2D, m.params.get('head.fc.weight')! as tf.Tensor2D, m.params.get('head.fc.bias')! as tf.Tensor1D);
  }
  return forwardFrom(m, 'stage3', x as tf.Tensor4D, { training }).logits;
}

/** Predicted class of every cached row, in eval mode (stage-4 BN on its running statistics), 64 rows at a time. No tensor escapes. */
export async function predictCached(m: ResNet18, cache: FeatureCache): Promise<Int32Array> {
  const out = new Int32Array(cache.rows);
  for (let s = 0; s < cache.rows; s += 64) {
    const idx = Int32Array.from({ length: Math.min(64, cache.rows - s) }, (_, i) => s + i);
    const pred = tf.tidy(() => tf.argMax(headLogits(m, cache.point, cacheRows(cache, idx), false), 1));
    out.set(await pred.data(), s);
    pred.dispose();
  }
  return out;
}

/**
 * One optimizer step on cached rows x [b,...rowShape] with labels y [b] int32: returns the loss before the update.
 * A NaN/±Infinity loss throws NonFiniteLossError and changes nothing (stage-4 BN running statistics restored).
 * Does not dispose x or y.
 */
export async function cacheStep(m: ResNet18, opt: Optimizer, point: CachePoint, x: tf.Tensor, y: tf.Tensor1D, lr?: number): Promise<number> {
  const names = opt.trainableNames();
  const byVar = new Map(names.map((n) => [m.params.get(n)!.name, n]));
  const saved = point === 'stage3' ? [...m.buffers.values()].map((v) => tf.clone(v)) : [];
  const { value, grads } = tf.variableGrads(() => crossEntropy(headLogits(m, point, x), y), names.map((n) => m.params.get(n)!));
  try {
    const loss = (await value.data())[0];
    if (!Number.isFinite(loss)) {
      [...m.buffers.values()].forEach((v, i) => { if (saved[i]) v.assign(saved[i]); });
      throw new NonFiniteLossError(loss);
    }
    opt.apply(new Map(Object.entries(grads).map(([v, g]) => [byVar.get(v)!, g])), lr);
    return loss;
  } finally {
    tf.dispose([value, ...Object.values(grads), ...saved]);
  }
}

/** Options of fitCache: epochs, batch size, optimizer (lr applies to the head), stage-4 scale, shuffle seed. */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  stage4LrScale?: number;
  /** Shuffles rows each epoch (seeded); null keeps the order. */
  seed?: number | null;
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

/** Losses of every step in order, and the mean loss of each epoch. */
export interface FitResult { stepLosses: number[]; epochLosses: number[] }

/** Rows `idx` of the cache as a tensor [idx.length,...rowShape]. Caller disposes. */
export function cacheRows(cache: FeatureCache, idx: ArrayLike<number>): tf.Tensor {
  const size = cache.data.length / cache.rows;
  const out = new Float32Array(idx.length * size);
  for (let i = 0; i < idx.length; i++) out.set(cache.data.subarray(idx[i] * size, (idx[i] + 1) * size), i * size);
  return tf.tensor(out, [idx.length, ...cache.rowShape], 'float32');
}

/**
 * Trains head.fc (and stage 4 from 'stage3') of `m` on cached rows with labels [rows] (class ids < numClasses).
 * Mean softmax cross-entropy per minibatch; the optimizer is made here and freed at the end. No tensor escapes.
 */
export async function fitCache(m: ResNet18, cache: FeatureCache, labels: Int32Array, opts: FitOptions): Promise<FitResult> {
  if (labels.length !== cache.rows) throw new Error(`${cache.rows} cached rows but ${labels.length} labels.`);
  const opt = new Optimizer(opts.optimizer, m.params, cacheGroups(cache.point, opts.stage4LrScale));
  const rng = opts.seed == null ? null : createRng(opts.seed);
  const result: FitResult = { stepLosses: [], epochLosses: [] };
  try {
    for (let e = 0; e < opts.epochs; e++) {
      const order = rng ? permutation(cache.rows, rng) : Int32Array.from({ length: cache.rows }, (_, i) => i);
      let sum = 0;
      for (let s = 0; s < cache.rows; s += opts.batchSize) {
        const idx = order.subarray(s, Math.min(cache.rows, s + opts.batchSize));
        const x = cacheRows(cache, idx);
        const y = tf.tensor1d(Array.from(idx, (i) => labels[i]), 'int32');
        try {
          const loss = await cacheStep(m, opt, cache.point, x, y);
          result.stepLosses.push(loss);
          sum += loss * idx.length;
        } finally {
          tf.dispose([x, y]);
        }
      }
      result.epochLosses.push(sum / cache.rows);
      opts.onEpoch?.(e, sum / cache.rows);
    }
  } finally {
    opt.dispose();
  }
  return result;
}
