/**
 * The 16-bit texture measurement outside WebGL: a plain-words refusal, nothing computed and no flag changed (the
 * measurement itself runs in the browser test, test/e2e/ship-it.test.ts, on WebGL).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createResNet18, disposeResNet18 } from '../../../src/lib/nn';
import { f16TextureEffect } from '../../../lessons/ship-it/f16Textures';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('cpu');
});

describe('f16TextureEffect', () => {
  it('refuses on a backend other than WebGL, creating no tensors', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 1 / 32 });
    const before = tf.memory().numTensors;
    const s = { names: ['a'], images: [new Float32Array(8 * 8 * 3)], size: 8 };
    await expect(f16TextureEffect(m, s)).rejects.toThrow(/WebGL setting: switch the backend to WebGL/);
    expect(tf.memory().numTensors).toBe(before);
    disposeResNet18(m);
  });
});
