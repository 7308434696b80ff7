/**
 * The runtime table: tfjs fp32, ONNX Runtime fp32 and ONNX Runtime int8 on the same photos. Per runtime: top-1
 * agreement with tfjs and max logit difference, batch-1 latency (median and p95 of LATENCY_RUNS after one
 * warm-up), throughput at batch 8 and 32 (images/s of one run each), the bytes of weights it holds, and (tfjs only)
 * the peak bytes of a batch-1 pass. A slow runtime (tfjs on a software WebGL takes seconds a pass) gets fewer
 * single-image runs and no batch that would take long, so the learner waits seconds, not minutes.
 */
import { agreement, maxAbsDiff, nhwcToNchw, percentile, repeatBatch, top1 } from './measure';
import type { SampleSet } from './logits';

/** Timed batch-1 runs per runtime (after one untimed warm-up), when the runtime is fast enough. */
export const LATENCY_RUNS = 10;
/** Fewest timed batch-1 runs, however slow the runtime. */
export const MIN_LATENCY_RUNS = 3;
/** Batch-1 timing stops once its runs have taken this long (and there are MIN_LATENCY_RUNS of them). */
export const LATENCY_BUDGET_MS = 8000;
/** A throughput batch is left out when the batch-1 median says it would take longer than this (b × median). */
export const BATCH_BUDGET_MS = 30_000;
/** Batch sizes whose throughput is measured. */
export const THROUGHPUT_BATCHES = [8, 32] as const;

/** Something that turns a batch of images into logits. */
export interface Runner {
  label: string;
  /** Bytes of weights the runtime holds (the .onnx file, or the tfjs variables). */
  weightBytes: number;
  /** Logits [n,classes] for n images; `nhwc` and `nchw` hold the same pixels in both layouts. */
  run(nhwc: Float32Array, nchw: Float32Array, n: number): Promise<Float32Array>;
  /** Peak bytes the runtime holds during a batch-1 pass, where it can say (tfjs: tf.profile); absent otherwise. */
  peakBytes?(nhwc: Float32Array, nchw: Float32Array, n: number): Promise<number>;
}

/** One row of the runtime table. */
export interface BenchRow {
  label: string;
  agree: number;
  total: number;
  maxDeviation: number;
  medianMs: number;
  p95Ms: number;
  /** Timed batch-1 runs behind the median and p95 (LATENCY_RUNS, fewer on a slow runtime). */
  runs: number;
  /** Batch size → images per second; a batch left out for taking too long has no entry. */
  throughput: Record<number, number>;
  weightBytes: number;
  /** Peak bytes during a batch-1 pass, or null when the runtime cannot tell. */
  peakBytes: number | null;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Measures one runner against the reference logits `ref` of the samples (from tfjs fp32). */
export async function benchRunner(r: Runner, s: SampleSet, ref: Float32Array, classes: number): Promise<BenchRow> {
  const n = s.images.length;
  const layouts = (k: number) => {
    const nhwc = repeatBatch(s.images, k);
    return { nhwc, nchw: nhwcToNchw(nhwc, k, s.size, s.size, 3) };
  };
  const all = layouts(n);
  const logits = await r.run(all.nhwc, all.nchw, n);
  const one = layouts(1);
  await r.run(one.nhwc, one.nchw, 1); // warm-up at batch 1
  const times: number[] = [];
  let spent = 0;
  while (times.length < LATENCY_RUNS && (times.length < MIN_LATENCY_RUNS || spent < LATENCY_BUDGET_MS)) {
    times.push(await timed(() => r.run(one.nhwc, one.nchw, 1)));
    spent += times[times.length - 1];
  }
  const medianMs = percentile(times, 50);
  const throughput: Record<number, number> = {};
  for (const b of THROUGHPUT_BATCHES) {
    if (b * medianMs > BATCH_BUDGET_MS) continue;
    const x = layouts(b);
    throughput[b] = b / ((await timed(() => r.run(x.nhwc, x.nchw, b))) / 1000);
  }
  return {
    label: r.label, agree: agreement(top1(logits, classes), top1(ref, classes)), total: n,
    maxDeviation: maxAbsDiff(logits, ref), medianMs, p95Ms: percentile(times, 95), runs: times.length,
    throughput, weightBytes: r.weightBytes, peakBytes: r.peakBytes ? await r.peakBytes(one.nhwc, one.nchw, 1) : null,
  };
}
