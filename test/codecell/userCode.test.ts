import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { runUserCode } from '../../src/lib/codecell/userCode';

let tf: typeof tfType;
beforeAll(async () => { tf = await useBackend('wasm'); });

describe('runUserCode', () => {
  it('runs a conv written by the learner and returns its values (naive check)', async () => {
    const input = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const kernel = tf.tensor4d([1, 0, 0, -1], [2, 2, 1, 1]);
    const before = tf.memory().numTensors;
    const r = await runUserCode("return tf.conv2d(input, kernel, 1, 'valid');", { input, kernel });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.shape).toEqual([1, 2, 2, 1]);
      // out[i][j] = x[i][j] − x[i+1][j+1] = −4 everywhere
      expect(Array.from(r.values)).toEqual([-4, -4, -4, -4]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([input, kernel]);
  });
  it('reports syntax errors, thrown errors, non-tensors and promises without leaking or throwing', async () => {
    const input = tf.ones([1, 3, 3, 1]);
    const kernel = tf.ones([2, 2, 1, 1]);
    const before = tf.memory().numTensors;
    const cases: [string, RegExp][] = [
      ['return tf.conv2d(input,', /does not parse/],
      ['throw new Error("boom")', /boom/],
      ['tf.add(input, 1);', /returned nothing/],
      ['return 42', /returned number, not a tensor/],
      ['return [tf.add(input, 1)]', /returned an array/],
      ['return (async () => input)()', /not a tensor|Promise/],
      ['return tf.conv2d(input, tf.ones([5,5,2,1]), 1, "valid")', /Error/],
    ];
    for (const [code, re] of cases) {
      const r = await runUserCode(code, { input, kernel });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(re);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([input, kernel]);
  });
  it('user code that disposes its inputs cannot break the caller’s tensors', async () => {
    const input = tf.ones([1, 2, 2, 1]);
    const kernel = tf.ones([1, 1, 1, 1]);
    await runUserCode('input.dispose(); kernel.dispose(); return tf.zeros([1]);', { input, kernel });
    expect(input.isDisposed).toBe(false);
    expect(Array.from(await input.data())).toEqual([1, 1, 1, 1]);
    tf.dispose([input, kernel]);
  });
});
