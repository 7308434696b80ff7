/**
 * Weight I/O figures (Node, wasm backend): parse the 46.8 MB HF checkpoint, load it into an ImageNet
 * ResNet-18 (validation + OIHW→HWIO + assign), export as torchvision safetensors, and one 224² forward pass
 * for scale. Prints medians of a few runs; asserts nothing. Needs ../shared/fixtures next to the repo.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { printMedian, useWasm } from './benchUtil';
import { createResNet18, disposeResNet18, forward, parseSafetensors, exportTorchvision, loadWeights } from '../src/lib/nn';

const RUNS = 3;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.resolve(process.env.SHARED_DIR ?? path.join(repoRoot, '../shared'), 'fixtures/resnet18/hf');

const median = (label: string, fn: () => unknown | Promise<unknown>) => printMedian(label, fn, { runs: RUNS, labelWidth: 44 });

async function main(): Promise<void> {
  await useWasm();
  const bytes = new Uint8Array(readFileSync(path.join(fixtures, 'model.safetensors')));
  console.log(`backend ${tf.getBackend()}, checkpoint ${(bytes.byteLength / 1e6).toFixed(1)} MB, node ${process.version}`);
  const { tensors } = parseSafetensors(bytes);
  const m = createResNet18({ variant: 'imagenet' });
  await median('parseSafetensors (46.8 MB, 122 tensors)', () => parseSafetensors(bytes));
  await median('loadWeights (validate + relayout + assign)', () => loadWeights(m, tensors));
  let size = 0;
  await median('exportTorchvision', async () => { size = (await exportTorchvision(m)).byteLength; });
  console.log(`exported file: ${(size / 1e6).toFixed(1)} MB`);
  const x = tf.randomNormal([1, 224, 224, 3]) as tf.Tensor4D;
  await median('forward 1×224² (eval, for scale)', async () => {
    const { logits } = forward(m, x);
    await logits.data();
    logits.dispose();
  });
  x.dispose();
  disposeResNet18(m);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
