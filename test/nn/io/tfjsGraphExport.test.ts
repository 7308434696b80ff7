/**
 * The GraphModel export loads with tfjs's own loader (tf.loadGraphModel over tf.io.fromMemory) and gives the
 * notebook model's logits on the fixture checkpoint and images; model.json is valid JSON naming its weights file.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { readFixture, nchwToNhwc } from '../../helpers/fixtures';
import { createResNet18, disposeResNet18, forward } from '../../../src/lib/nn/resnet18';
import { parseSafetensors, toFloat32 } from '../../../src/lib/nn/io/safetensors';
import { loadWeights } from '../../../src/lib/nn/io/weights';
import { exportGraphModel, GRAPH_MODEL_WEIGHTS } from '../../../src/lib/nn/io/tfjsGraphExport';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});


describe('exportGraphModel', () => {
  it('loads with tf.loadGraphModel and matches the fixture model within 1e-4; torchvision top-1 kept', async () => {
    const start = tf.memory().numTensors;
    const m = createResNet18({ variant: 'imagenet', numClasses: 1000 });
    loadWeights(m, parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors);
    const ref = parseSafetensors(readFixture('resnet18/hf/reference.safetensors')).tensors;
    const pv = ref.get('pixel_values')!;
    const [n, c, h, w] = pv.shape;
    const x = tf.tensor4d(nchwToNhwc(toFloat32(pv), pv.shape), [n, h, w, c]);
    const before = tf.memory().numTensors;
    const art = await exportGraphModel(m);
    expect(tf.memory().numTensors).toBe(before);

    const json = JSON.parse(JSON.stringify(art.modelJson));
    expect(json.format).toBe('graph-model');
    expect(json.weightsManifest[0].paths).toEqual([GRAPH_MODEL_WEIGHTS]);
    const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: art.weightData }));
    const got = model.execute(x, 'logits') as tfType.Tensor;
    const { logits } = forward(m, x);
    const a = await got.data();
    const b = await logits.data();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
    console.info(`GraphModel vs notebook forward: max |Δ logits| ${diff.toExponential(2)}`);
    expect(got.shape).toEqual([n, 1000]);
    expect(diff).toBeLessThanOrEqual(1e-4);
    const refLogits = toFloat32(ref.get('logits')!);
    for (let i = 0; i < n; i++) {
      const row = (v: ArrayLike<number>) => Array.from(v).slice(i * 1000, (i + 1) * 1000);
      const r = row(refLogits);
      const mine = row(a);
      expect(mine.indexOf(Math.max(...mine))).toBe(r.indexOf(Math.max(...r)));
    }
    got.dispose();
    logits.dispose();
    model.dispose();
    x.dispose();
    disposeResNet18(m);
    expect(tf.memory().numTensors).toBe(start);
  }, 120_000);

  it('exports the studio CIFAR variant (3×3 stem, no max-pool, width 1/8, 10 classes) so tf.loadGraphModel matches it', async () => {
    const start = tf.memory().numTensors;
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125, numClasses: 10 }, { seed: 3 });
    const x = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 9) as tfType.Tensor4D;
    const art = await exportGraphModel(m);
    const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: art.modelTopology, weightSpecs: art.weightSpecs, weightData: art.weightData }));
    const got = model.execute(x, 'logits') as tfType.Tensor;
    const { logits } = forward(m, x);
    const a = await got.data();
    const b = await logits.data();
    expect(got.shape).toEqual([2, 10]);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
    expect(diff).toBeLessThanOrEqual(1e-4);
    tf.dispose([got, logits, x]);
    model.dispose();
    disposeResNet18(m);
    expect(tf.memory().numTensors).toBe(start);
  }, 120_000);
});
