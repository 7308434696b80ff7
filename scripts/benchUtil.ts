/**
 * Shared by the Node benchmark scripts (scripts/bench-*.ts): the wasm back-end set-up and the
 * "median of a few runs" line they print. Not named bench-*.ts, so `npm run bench` does not run it.
 */
import '@tensorflow/tfjs-backend-wasm';
import { startWasmThreads } from './wasmThreadsNode';

/**
 * Switches tfjs to the wasm back-end with one XNNPACK thread per core (BENCH_WASM_THREADS overrides; 1 = the
 * single-threaded build) and waits until it is initialised. Returns the thread count it runs with.
 */
export async function useWasm(): Promise<number> {
  const wanted = process.env.BENCH_WASM_THREADS ? Number(process.env.BENCH_WASM_THREADS) : undefined;
  return startWasmThreads(wanted);
}

/** How `printMedian` runs and prints: `runs` timed runs, label padded to `labelWidth`, optional untimed warm-up. */
export interface MedianOptions { runs: number; labelWidth: number; warmUp?: boolean }

/**
 * Times `fn` (awaited) `runs` times and prints `label  <median> ms (median of runs)`; with `warmUp`, one
 * extra untimed call first (kernels compiled, caches filled). Whatever `fn` returns is its own to dispose.
 */
export async function printMedian(label: string, fn: () => unknown | Promise<unknown>, o: MedianOptions): Promise<void> {
  if (o.warmUp) await fn();
  const times: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(o.labelWidth)} ${times[Math.floor(o.runs / 2)].toFixed(0).padStart(6)} ms (median of ${o.runs})`);
}

/**
 * The studio's default dataset as a synthetic-split request (lessons/train-it: DatasetPanel's 100 per class,
 * TrainingRunData's seeds and fractions), for the benches that press Start and change nothing.
 */
export const STUDIO_DEFAULT_DATASET = { perClass: 100, seed: 1, valFraction: 0.2, testFraction: 0.1, splitSeed: 7 };
