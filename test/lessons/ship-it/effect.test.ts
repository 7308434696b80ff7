/**
 * networkEffect on a small model: the fp32 row, sizes from the model, and the int8-per-channel row's deviation
 * against logits of a model whose weights were quantized here by a naive per-channel float64 loop; no leaks.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { naiveInt8PerChannel } from '../../helpers/naive';
import { createResNet18, disposeResNet18, forward } from '../../../src/lib/nn/resnet18';
import { quantizableKeys } from '../../../src/lib/nn/quantizeModel';
import { createRng, normalArray } from '../../../src/lib/nn/random';
import { networkEffect } from '../../../lessons/ship-it/effect';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

describe('networkEffect', () => {
  it('fp32 row first; int8 per channel deviates exactly as a hand-quantized model does; leaks nothing', async () => {
    const cfg = { variant: 'cifar' as const, widthMultiplier: 0.25, numClasses: 10 };
    const m = createResNet18(cfg, { seed: 4 });
    const s = { names: ['a', 'b', 'c'], images: [0, 1, 2].map((i) => normalArray(createRng(20 + i), 16 * 16 * 3, 1)), size: 16 };
    const before = tf.memory().numTensors;
    const rows = await networkEffect(m, s);
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.map((r) => r.label)).toEqual(['fp32 (as loaded)', 'fp16 weights', 'int8 weights, per tensor', 'int8 weights, per channel']);
    expect(rows[0]).toMatchObject({ agree: 3, total: 3, maxDeviation: 0 });
    const count = [...m.params.values()].reduce((a, v) => a + v.size, 0);
    expect(rows[0].bytes).toBe(count * 4);
    expect(rows[1].bytes).toBe(count * 2);

    // the same int8 model, assembled by hand
    const hand = createResNet18(cfg, { seed: 4 });
    for (const key of quantizableKeys(hand)) {
      const v = hand.params.get(key)!;
      const t = tf.tensor(naiveInt8PerChannel((await v.data()) as Float32Array, v.shape), v.shape);
      v.assign(t);
      t.dispose();
    }
    const flat = new Float32Array(3 * 16 * 16 * 3);
    s.images.forEach((img, i) => flat.set(img, i * img.length));
    const x = tf.tensor4d(flat, [3, 16, 16, 3]);
    const a = forward(m, x).logits;
    const b = forward(hand, x).logits;
    const [ra, rb] = [await a.data(), await b.data()];
    let d = 0;
    for (let i = 0; i < ra.length; i++) d = Math.max(d, Math.abs(ra[i] - rb[i]));
    expect(rows[3].maxDeviation).toBeCloseTo(d, 6);
    expect(rows[3].maxDeviation).toBeGreaterThan(0);
    [a, b, x].forEach((t) => t.dispose());
    disposeResNet18(hand);
    disposeResNet18(m);
  });
});
