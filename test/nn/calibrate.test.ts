/**
 * Calibration ranges against plain loops over one unchunked forward pass, and uint8 parameters by hand.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { createResNet18, disposeResNet18, forward } from '../../src/lib/nn/resnet18';
import { calibrateActivations, calibrationPoints, fakeQuantUint8, uint8Params } from '../../src/lib/nn/calibrate';
import { createRng, normalArray } from '../../src/lib/nn/random';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

describe('uint8 activation parameters', () => {
  it('widen the range to hold 0 and round the zero point half to even', () => {
    expect(uint8Params({ min: 0, max: 2.55 })).toEqual({ scale: Math.fround(0.01), zeroPoint: 0 });
    expect(uint8Params({ min: 0.5, max: 2.55 })).toEqual({ scale: Math.fround(0.01), zeroPoint: 0 });
    const p = uint8Params({ min: -1.275, max: 1.275 }); // −min/scale = 127.5 → 128 (even)
    expect(p.zeroPoint).toBe(128);
    expect(fakeQuantUint8(0, p)).toBe(0);
    expect(fakeQuantUint8(100, p)).toBeCloseTo((255 - 128) * p.scale, 6); // saturates at 255
  });
});

describe('calibrateActivations', () => {
  it('equals min/max loops over a whole-batch forward pass, in chunks, and leaks nothing', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 }, { seed: 9 });
    const x = tf.tensor4d(normalArray(createRng(2), 6 * 16 * 16 * 3, 1), [6, 16, 16, 3]); // 6 images: chunks of 4 and 2
    const before = tf.memory().numTensors;
    const ranges = await calibrateActivations(m, x);
    expect(tf.memory().numTensors).toBe(before);
    const points = calibrationPoints(m);
    expect([...ranges.keys()].sort()).toEqual([...points].sort());
    const { logits, activations } = forward(m, x, { taps: points.filter((p) => p !== 'input') });
    activations.set('input', x);
    for (const [name, t] of activations) {
      const v = await t.data();
      let min = Infinity;
      let max = -Infinity;
      for (const a of v) { min = Math.min(min, a); max = Math.max(max, a); }
      expect(ranges.get(name), name).toEqual({ min, max });
      if (name !== 'input') t.dispose();
    }
    logits.dispose();
    x.dispose();
    disposeResNet18(m);
  });
});
