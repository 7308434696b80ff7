/**
 * The runtime table: tfjs fp32, ONNX Runtime fp32 and ONNX Runtime int8 on the same photos. Per runtime: top-1
 * agreement with tfjs and max logit difference, batch-1 latency (median and p95 of LATENCY_RUNS after one
 * warm-up), throughput at batch 8 and 32 (images/s of one run each), the bytes of weights it holds, and (tfjs only)
 * the peak bytes of a batch-1 pass.
 */
import { agreement, maxAbsDiff, nhwcToNchw, percentile, repeatBatch, top1 } from './measure';
import type { SampleSet } from './logits';

/** Timed batch-1 runs per runtime (after one untimed warm-up). */
export const LATENCY_RUNS = 10;
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
  /** Batch size → images per second. */
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
  for (let i = 0; i < LATENCY_RUNS; i++) times.push(await timed(() => r.run(one.nhwc, one.nchw, 1)));
  const throughput: Record<number, number> = {};
  for (const b of THROUGHPUT_BATCHES) {
    const x = layouts(b);
    throughput[b] = b / ((await timed(() => r.run(x.nhwc, x.nchw, b))) / 1000);
  }
  return {
    label: r.label, agree: agreement(top1(logits, classes), top1(ref, classes)), total: n,
    maxDeviation: maxAbsDiff(logits, ref), medianMs: percentile(times, 50), p95Ms: percentile(times, 95),
    throughput, weightBytes: r.weightBytes, peakBytes: r.peakBytes ? await r.peakBytes(one.nhwc, one.nchw, 1) : null,
  };
}
