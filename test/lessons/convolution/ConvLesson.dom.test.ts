import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { PhotoConvolution } from '../../../lessons/convolution/ConvLesson.svelte';
import { presetKernel } from '../../../lessons/convolution/kernelPresets';
import { maxAbsDiff, naiveConv2d, nd, randomValues, type Nd } from '../../helpers/naive';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A seeded RGB picture [H,W,3] in 0..1 as plain numbers, and its BT.601 grey in float64 ([1,H,W,1]). */
function picture(h: number, w: number, seed: number): { rgb: Float64Array; gray: Nd } {
  const rgb = randomValues(h * w * 3, seed, 0, 1);
  const gray = Float64Array.from({ length: h * w }, (_, i) => 0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
  return { rgb, gray: nd(gray, [1, h, w, 1]) };
}

/** torch conv2d(gray, kernel, padding=(k−1)/2) in float64: what the page's output map must show. */
function reference(gray: Nd, kernel: number[][]): Float64Array {
  const k = kernel.length;
  return naiveConv2d(gray, nd(kernel.flat(), [k, k, 1, 1]), 1, (k - 1) / 2).data;
}

describe('PhotoConvolution (live photo path)', () => {
  it('shows the grey picture and its convolution with the kernel, for presets, sizes and edits (float64 reference)', async () => {
    const H = 6, W = 7;
    const { rgb, gray } = picture(H, W, 11);
    const s = new PhotoConvolution();
    await s.setImageTensor(tf.tensor3d(Float32Array.from(rgb), [H, W, 3]), 'test');
    expect(s.sourceLabel).toBe('test (7×6 px)');
    expect([s.input!.width, s.input!.height, s.output!.width, s.output!.height]).toEqual([W, H, W, H]);
    expect(maxAbsDiff(s.input!.values, gray.data)).toBeLessThan(1e-6);
    const check = () => expect(maxAbsDiff(s.output!.values, reference(gray, s.kernel))).toBeLessThan(1e-5);
    // the lesson opens on Sobel x; its border outputs include the zero padding, its interior the picture only
    expect(s.kernel).toEqual([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
    check();
    for (const name of ['gaussian', 'laplacian', 'emboss'] as const) {
      await s.setPreset(name);
      check();
    }
    await s.setSize(5);
    expect(s.kernel.length).toBe(5);
    check();
    const edited = s.kernel.map((r) => r.slice());
    edited[0][0] = 3.5; // a corner weight: reaches the padding on two sides
    edited[4][2] = -2.25;
    await s.setKernel(edited);
    expect(s.preset).toBe('custom');
    check();
    expect(s.output!.values[0]).not.toBeCloseTo(reference(gray, presetKernel('emboss', 5))[0], 3);
    s.dispose();
  });

  it('editing the kernel 50 times leaves numTensors unchanged (and coalesces concurrent edits)', async () => {
    const s = new PhotoConvolution();
    await s.setImageTensor(tf.randomUniform([16, 20, 3]) as tf.Tensor3D, 'random');
    await s.setKernel(presetKernel('gaussian', 3));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const k = presetKernel('laplacian', 3);
      k[1][1] = -4 + i / 10;
      await s.setKernel(k);
    }
    await Promise.all(Array.from({ length: 10 }, (_, i) => s.setKernel(presetKernel(i % 2 ? 'emboss' : 'sharpen', 3))));
    await s.refresh();
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('a picture arriving after the figure closed is dropped, not leaked', async () => {
    const s = new PhotoConvolution();
    s.dispose();
    const before = tf.memory().numTensors;
    await s.setImageTensor(tf.zeros([4, 4, 3]) as tf.Tensor3D, 'late');
    expect(tf.memory().numTensors).toBe(before);
    expect(s.output).toBeNull();
  });
});
