import { describe, it, expect } from 'vitest';
import { useBackend } from '../helpers/tfNode';

describe('tfjs in node', () => {
  it('runs a conv on wasm', async () => {
    const tf = await useBackend('wasm');
    const x = tf.ones([1, 5, 5, 1]);
    const k = tf.ones([3, 3, 1, 1]);
    const y = tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'valid');
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(await y.data())).toEqual(new Array(9).fill(9));
  });
});
