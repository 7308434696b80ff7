/**
 * `npm run bench -- residual`: how long one step of the plain-vs-residual experiment takes (both nets) in
 * Node on wasm, for each depth with and without BN at the lesson's defaults. Prints figures; asserts nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { useWasm } from './benchUtil';
import { Experiment, DEPTH_CHOICES, EXPERIMENT_DEFAULTS } from '../lessons/why-residuals/experiment';

async function main(): Promise<void> {
  await useWasm();
  console.log(`plain-vs-residual experiment, backend ${tf.getBackend()}, width ${EXPERIMENT_DEFAULTS.width}, ${EXPERIMENT_DEFAULTS.points} points`);
  for (const depth of DEPTH_CHOICES) {
    for (const batchNorm of [true, false]) {
      const e = new Experiment({ depth, batchNorm });
      await e.step(); // warm-up: kernels compiled, optimizer buffers made
      const n = 20;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await e.step();
      const ms = (performance.now() - t0) / n;
      console.log(`depth ${String(depth).padStart(2)}  BN ${batchNorm ? 'on ' : 'off'}  ${ms.toFixed(1)} ms/step  (300 steps ≈ ${((ms * 300) / 1000).toFixed(0)} s)`);
      e.dispose();
    }
  }
}

void main();
