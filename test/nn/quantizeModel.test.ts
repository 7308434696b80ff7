/**
 * Model-level quantization: sizes against torchvision's hand count, the per-layer table's coverage, and the
 * round-trip copies (fp16, int8) checked value by value against the array functions; no tensor leaks.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { createResNet18, disposeResNet18 } from '../../src/lib/nn/resnet18';
import { modelSizes, quantizationTable, quantizableKeys, roundTripModel } from '../../src/lib/nn/quantizeModel';
import { float16Bits } from '../../src/lib/nn/quantize';
import { f16BitsToNumber } from '../../src/lib/nn/io/safetensors';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

describe('model sizes', () => {
  it('torchvision ResNet-18: 11,689,512 parameters → 46.76 MB fp32, half that fp16, int8 by hand count', () => {
    const m = createResNet18();
    const s = modelSizes(m);
    // 20 conv kernels + fc weight = 11,678,912 values; BN γ,β over 4,800 channels = 9,600; fc bias 1,000.
    // Output channels of the quantized tensors: 4,800 (convs) + 1,000 (fc) = 5,800 per-channel scales.
    expect(s.fp32).toBe(11_689_512 * 4);
    expect(s.fp16).toBe(11_689_512 * 2);
    expect(s.int8PerTensor).toBe(11_678_912 + 21 * 4 + 10_600 * 4);
    expect(s.int8PerChannel).toBe(11_678_912 + 5_800 * 4 + 10_600 * 4);
    expect(quantizableKeys(m)).toHaveLength(21);
    disposeResNet18(m);
  });
});

describe('per-layer table and round trips', () => {
  it('covers every conv and the fc, per channel no worse than per tensor, and leaks nothing', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 });
    const before = tf.memory().numTensors;
    const rows = await quantizationTable(m);
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.map((r) => r.key)).toEqual(quantizableKeys(m));
    for (const r of rows) {
      expect(r.count).toBe(r.shape.reduce((a, b) => a * b, 1));
      expect(r.perChannel.rms).toBeLessThanOrEqual(r.perTensor.rms + 1e-12);
    }
    disposeResNet18(m);
  });

  it('fp16 copy holds each value rounded to half; int8 copy changes only conv/fc weights', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 }, { seed: 5 });
    const before = tf.memory().numTensors;
    const half = await roundTripModel(m, 'fp16');
    const int8 = await roundTripModel(m, 'int8-per-channel');
    const key = 'stage2.block1.conv1.weight';
    const w = await m.params.get(key)!.data();
    const h = await half.params.get(key)!.data();
    for (let i = 0; i < w.length; i += 7) expect(h[i]).toBe(f16BitsToNumber(float16Bits(w[i])));
    const q = await int8.params.get(key)!.data();
    let changed = 0;
    for (let i = 0; i < w.length; i++) if (q[i] !== w[i]) changed++;
    expect(changed).toBeGreaterThan(w.length / 2);
    const gamma = 'stage2.block1.bn1.gamma';
    expect(Array.from(await int8.params.get(gamma)!.data())).toEqual(Array.from(await m.params.get(gamma)!.data()));
    disposeResNet18(half);
    disposeResNet18(int8);
    expect(tf.memory().numTensors).toBe(before);
    disposeResNet18(m);
  });
});
