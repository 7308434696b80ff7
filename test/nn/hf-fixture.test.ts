/**
 * THE fixture test: the HF microsoft/resnet-18-shaped checkpoint in ../shared/fixtures, run in eval mode on
 * the preprocessed images of reference.safetensors, must reproduce torchvision 0.14's activations.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { readFixture, readFixtureJson, nchwToNhwc } from '../helpers/fixtures';
import { createResNet18, disposeResNet18, forward } from '../../src/lib/nn/resnet18';
import { parseSafetensors, toFloat32, type SafeTensor } from '../../src/lib/nn/io/safetensors';
import { loadWeights, parseHfConfig } from '../../src/lib/nn/io/weights';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});


/** Largest |a − b| and the largest |b| (for context in failure messages). */
function maxAbsDiff(a: Float32Array, b: Float32Array): { diff: number; scale: number } {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return { diff: Number.isNaN(diff) ? Infinity : diff, scale };
}

describe('HF microsoft/resnet-18 fixture reproduces torchvision', () => {
  it('embedder, stage1..stage4, pooled and logits within 1e-3, and leaks nothing', async () => {
    const { numClasses, id2label } = parseHfConfig(readFixtureJson('resnet18/hf/config.json'));
    const weights = parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors;
    const ref = parseSafetensors(readFixture('resnet18/hf/reference.safetensors')).tensors;
    const start = tf.memory().numTensors;

    const m = createResNet18({ variant: 'imagenet', numClasses });
    const report = loadWeights(m, weights);
    expect(report.format).toBe('hf');
    expect(id2label).toHaveLength(1000);

    const pv = ref.get('pixel_values')!;  // [N,3,224,224] NCHW, preprocessed
    const [n, c, h, w] = pv.shape;
    const x = tf.tensor4d(nchwToNhwc(toFloat32(pv), pv.shape), [n, h, w, c]);
    const taps: Record<string, string> = { embedder: 'stem', stage1: 'stage1', stage2: 'stage2', stage3: 'stage3', stage4: 'stage4', pooled: 'head.gap' };
    const { logits, activations } = forward(m, x, { taps: Object.values(taps) });

    const compare = async (refName: string, t: tfType.Tensor) => {
      const r = ref.get(refName)!;
      const want = r.shape.length === 4 ? nchwToNhwc(toFloat32(r), r.shape) : toFloat32(r);
      const wantShape = r.shape.length === 4 ? [r.shape[0], r.shape[2], r.shape[3], r.shape[1]] : r.shape;
      expect(t.shape, refName).toEqual(wantShape);
      const { diff, scale } = maxAbsDiff((await t.data()) as Float32Array, want);
      expect(diff, `${refName}: max |Δ| ${diff} (values up to ${scale})`).toBeLessThanOrEqual(1e-3);
      return `${diff.toExponential(2)} (|values| ≤ ${scale.toPrecision(3)})`;
    };
    const diffs: Record<string, string> = {};
    for (const [refName, tap] of Object.entries(taps)) diffs[refName] = await compare(refName, activations.get(tap)!);
    diffs.logits = await compare('logits', logits);
    console.info('max |Δ| vs torchvision:', diffs);

    // same top-1 class as torchvision for every image
    const argmax = logits.argMax(1);
    const top = Array.from(await argmax.data());
    argmax.dispose();
    const refLogits = toFloat32(ref.get('logits')!);
    for (let i = 0; i < n; i++) {
      const row = refLogits.subarray(i * numClasses, (i + 1) * numClasses);
      expect(top[i]).toBe(row.indexOf(Math.max(...row)));
    }

    logits.dispose();
    for (const t of activations.values()) t.dispose();
    x.dispose();
    disposeResNet18(m);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('the torchvision-named CIFAR init checkpoint loads into a CIFAR model, value for value', async () => {
    const init: Map<string, SafeTensor> = parseSafetensors(readFixture('resnet18/cifar/init.safetensors')).tensors;
    const start = tf.memory().numTensors;
    const m = createResNet18({ variant: 'cifar' });
    const report = loadWeights(m, init);
    expect(report).toMatchObject({ format: 'torchvision', missing: [], unexpected: [], mismatched: [], invalid: [] });
    expect(report.loaded).toHaveLength(102);
    // spot-check every layout against the file: conv OIHW → HWIO, fc [out,in] → [in,out], BN 1-D
    const conv = toFloat32(init.get('layer4.1.conv2.weight')!);  // [512,512,3,3]
    const hwio = await m.params.get('stage4.block2.conv2.weight')!.data();
    for (const [o, i, ky, kx] of [[0, 0, 0, 0], [511, 511, 2, 2], [300, 17, 1, 0]]) {
      expect(hwio[((ky * 3 + kx) * 512 + i) * 512 + o]).toBe(conv[((o * 512 + i) * 3 + ky) * 3 + kx]);
    }
    const fc = toFloat32(init.get('fc.weight')!);  // [10,512]
    const fw = await m.params.get('head.fc.weight')!.data();
    expect(fw[511 * 10 + 9]).toBe(fc[9 * 512 + 511]);
    expect(Array.from(await m.buffers.get('stage2.block1.shortcut.bn.runningMean')!.data()))
      .toEqual(Array.from(toFloat32(init.get('layer2.0.downsample.1.running_mean')!)));
    disposeResNet18(m);
    expect(tf.memory().numTensors).toBe(start);
  });
});
