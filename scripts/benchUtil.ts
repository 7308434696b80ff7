/**
 * Shared by the Node benchmark scripts (scripts/bench-*.ts): the wasm back-end set-up and the
 * "median of a few runs" line they print. Not named bench-*.ts, so `npm run bench` does not run it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** Switches tfjs to the wasm back-end and waits until it is initialised (kernels usable). */
export async function useWasm(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
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
