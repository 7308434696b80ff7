import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { PhotoConvolution } from '../../../lessons/convolution/ConvLesson.svelte';
import { presetKernel } from '../../../lessons/convolution/kernelPresets';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Naive same-padded correlation of a grey grid (float64). */
function naive(g: number[][], k: number[][]): number[] {
  const H = g.length, W = g[0].length, r = (k.length - 1) / 2, out: number[] = [];
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let a = 0;
    for (let i = 0; i < k.length; i++) for (let j = 0; j < k.length; j++) {
      const yy = y + i - r, xx = x + j - r;
      if (yy >= 0 && xx >= 0 && yy < H && xx < W) a += g[yy][xx] * k[i][j];
    }
    out.push(a);
  }
  return out;
}

describe('PhotoConvolution (live photo path)', () => {
  it('computes the grey picture convolved with the kernel, for presets and edits', async () => {
    const H = 6, W = 7;
    const px = Array.from({ length: H * W * 3 }, (_, i) => ((i * 17) % 23) / 23);
    const s = new PhotoConvolution();
    await s.setImageTensor(tf.tensor3d(px, [H, W, 3]), 'test');
    const gray = Array.from({ length: H }, (_, y) => Array.from({ length: W }, (_, x) =>
      0.299 * px[(y * W + x) * 3] + 0.587 * px[(y * W + x) * 3 + 1] + 0.114 * px[(y * W + x) * 3 + 2]));
    const check = () => naive(gray, s.kernel).forEach((v, i) => expect(s.output!.values[i]).toBeCloseTo(v, 4));
    expect(s.output!.width).toBe(W);
    check();
    await s.setSize(5);
    expect(s.kernel).toEqual(presetKernel('sobelX', 5));
    check();
    const edited = s.kernel.map((r) => r.slice());
    edited[0][0] = 3.5;
    await s.setKernel(edited);
    expect(s.preset).toBe('custom');
    check();
    expect(s.updateMs).toBeGreaterThanOrEqual(0);
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
