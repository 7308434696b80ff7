/**
 * Explorer figures (Node, wasm backend): PIL-exact preprocessing of a 12-megapixel and a 640×480 picture,
 * one 224² forward pass with every layer kept vs logits only, Grad-CAM of one class, and vanilla saliency.
 * Prints medians of a few runs; asserts nothing. (The browser figures are shown live on the "Run it" page.)
 */
import * as tf from '@tensorflow/tfjs';
import { printMedian, useWasm } from './benchUtil';
import { createResNet18, disposeResNet18, forward, preprocess, toInputTensor, runAllLayers, gradCam, saliency } from '../src/lib/nn';

const RUNS = 3;

const median = (label: string, fn: () => unknown | Promise<unknown>) => printMedian(label, fn, { runs: RUNS, labelWidth: 52, warmUp: true });

function picture(w: number, h: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { width: w, height: h, data };
}

async function main(): Promise<void> {
  await useWasm();
  console.log(`backend ${tf.getBackend()}, Node ${process.version}`);
  const small = picture(640, 480);
  const big = picture(4000, 3000);
  await median('preprocess 640×480 → 224² (bicubic, crop, normalise)', () => preprocess(small));
  await median('preprocess 4000×3000 → 224²', () => preprocess(big));
  const m = createResNet18();
  const x = toInputTensor(preprocess(small));
  await median('forward 224², logits only', async () => {
    const r = forward(m, x);
    await r.logits.data();
    r.logits.dispose();
  });
  let stage4: tf.Tensor4D | null = null;
  await median('forward 224², all 60 layers kept (runAllLayers)', async () => {
    const r = runAllLayers(m, x);
    await r.logits.data();
    stage4?.dispose();
    stage4 = r.activations.get('stage4.block2.relu2')!.clone() as tf.Tensor4D;
    r.logits.dispose();
    for (const t of r.activations.values()) t.dispose();
  });
  await median('Grad-CAM of one class (from kept stage 4)', async () => {
    const c = gradCam(m, stage4!, 281, [224, 224]);
    await c.data();
    c.dispose();
  });
  await median('saliency (full backward pass to the pixels)', async () => {
    const s = saliency(m, x, 281);
    await s.data();
    s.dispose();
  });
  (stage4 as tf.Tensor4D | null)?.dispose();
  x.dispose();
  disposeResNet18(m);
}

void main();
