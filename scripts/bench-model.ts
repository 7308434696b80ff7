/**
 * Model figures (Node, wasm backend): build time of the seeded torchvision init, eval-mode forward passes of the
 * ImageNet ResNet-18 at 224² (logits only, and with every activation tapped), a CIFAR forward at 32², and
 * summarize(). Prints medians of a few runs and the machine's load; asserts nothing.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { printMedian, useWasm } from './benchUtil';
import { createResNet18, disposeResNet18, forward, type ForwardOptions, type ResNet18, summarize } from '../src/lib/nn';

const RUNS = 5;

const median = (label: string, fn: () => unknown | Promise<unknown>) => printMedian(label, fn, { runs: RUNS, labelWidth: 48 });

/** One forward pass whose result is read back (so the work really happened) and disposed. */
async function pass(m: ResNet18, x: tf.Tensor4D, opts: ForwardOptions): Promise<void> {
  const r = forward(m, x, opts);
  await r.logits.data();
  r.logits.dispose();
  for (const t of r.activations.values()) t.dispose();
}

async function main(): Promise<void> {
  await useWasm();
  console.log(`backend ${tf.getBackend()}, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  let m = createResNet18();
  await median('createResNet18 imagenet (11.7 M weights, seeded)', () => {
    disposeResNet18(m);
    m = createResNet18();
  });
  const x = tf.randomNormal([1, 224, 224, 3]) as tf.Tensor4D;
  await pass(m, x, {}); // warm-up: wasm kernels and XNNPACK setup
  await median('forward imagenet 1×224² eval, logits only', () => pass(m, x, {}));
  await median('forward imagenet 1×224² eval, taps "all"', () => pass(m, x, { taps: 'all' }));
  const x8 = tf.randomNormal([8, 224, 224, 3]) as tf.Tensor4D;
  await median('forward imagenet 8×224² eval, logits only', () => pass(m, x8, {}));
  await median('summarize imagenet', () => summarize(m));
  const c = createResNet18({ variant: 'cifar' });
  const xc = tf.randomNormal([32, 32, 32, 3]) as tf.Tensor4D;
  await pass(c, xc, {});
  await median('forward cifar 32×32² eval', () => pass(c, xc, {}));
  await median('forward cifar 32×32² training mode (BN stats)', () => pass(c, xc, { training: true }));
  tf.dispose([x, x8, xc]);
  disposeResNet18(m);
  disposeResNet18(c);
  console.log(`tensors left: ${tf.memory().numTensors}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
