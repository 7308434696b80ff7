/**
 * State of the pooling lesson's photo figures: a Sobel map pooled by max and by average, ResNet-18's stem
 * and global average pool on real shapes, and stride-2 convolution vs max-pool. Each class owns its picture
 * tensor and hands plain arrays to the figures.
 */
import * as tf from '@tensorflow/tfjs-core';
import { edgePoolMaps, stemDemo, stemWeights, downsampleBoth, toGray, kernelTensor } from '../convolution/convOps';
import { presetKernel, type PresetName } from '../convolution/kernelPresets';
import { pictureToTensor, type PictureSource } from '../../src/lib/image/imageSource';
import type { MapData } from '../convolution/ConvLesson.svelte';

/** Reads channel `c` of a [1,H,W,C] tensor as a map. Disposes nothing it was given. */
async function channelMap(t: tf.Tensor4D, c = 0): Promise<MapData> {
  const [, h, w] = t.shape;
  const slice = tf.slice(t, [0, 0, 0, c], [1, h, w, 1]);
  try {
    return { values: (await slice.data()) as Float32Array, width: w, height: h };
  } finally {
    slice.dispose();
  }
}

/** A Sobel-x map and the same map after 1–3 rounds of 2×2/2 max and average pooling. */
export class PoolFeatureMaps {
  times = $state(1);
  edge = $state.raw<MapData | null>(null);
  max = $state.raw<MapData | null>(null);
  avg = $state.raw<MapData | null>(null);
  error = $state<string | null>(null);
  /** The computation's own failure message, apart from `error` so the page words it in its language. */
  failure = $state<string | null>(null);
  #image: tf.Tensor3D | null = null;
  #disposed = false;

  /** Uses a picture (at most 256 px) and recomputes. */
  async setPicture(source: PictureSource): Promise<void> {
    await this.setImageTensor(pictureToTensor(source, 256));
  }

  /** Takes ownership of an RGB tensor [H,W,3] in 0..1 (disposed later) and recomputes. */
  async setImageTensor(image: tf.Tensor3D): Promise<void> {
    // A picture that finishes loading after the figure was closed is dropped, not kept.
    if (this.#disposed) return image.dispose();
    this.#image?.dispose();
    this.#image = image;
    await this.compute();
  }

  /** Sets how many times to pool (1–3) and recomputes. */
  async setTimes(times: number): Promise<void> {
    this.times = Math.min(3, Math.max(1, Math.round(times)));
    await this.compute();
  }

  async compute(): Promise<void> {
    if (!this.#image) return;
    const m = edgePoolMaps(this.#image, presetKernel('sobelX', 3), this.times);
    try {
      [this.edge, this.max, this.avg] = await Promise.all([channelMap(m.edge), channelMap(m.max), channelMap(m.avg)]);
      this.error = null;
      this.failure = null;
    } catch (err) {
      this.failure = (err as Error).message;
    } finally {
      tf.dispose([m.edge, m.max, m.avg]);
    }
  }

  /** For the code cell: the grey picture [1,H,W,1] and Sobel x [3,3,1,1]. Caller disposes. */
  codeArgs(): { input: tf.Tensor; kernel: tf.Tensor } | null {
    const img = this.#image;
    return img ? tf.tidy(() => ({ input: toGray(img), kernel: kernelTensor(presetKernel('sobelX', 3)) })) : null;
  }

  dispose(): void {
    this.#disposed = true;
    this.#image?.dispose();
    this.#image = null;
  }
}

/** One row of the shapes table: a tensor's name and its real shape. */
export interface ShapeRow {
  name: string;
  shape: number[];
}

/** ResNet-18's two pooling layers run on tensors of their real shapes. */
export class ResNetPoolDemo {
  rows = $state.raw<ShapeRow[]>([]);
  /** One channel of the stem output (after ReLU) and of the max-pool output: the most active one. */
  stemMap = $state.raw<MapData | null>(null);
  /** Which stem channel is shown (0-based): random filters vary, so the one with the largest mean. */
  stemChannel = $state(0);
  pooledMap = $state.raw<MapData | null>(null);
  /** Channel 0 of the stand-in stage-4 output and its global average (the pooled value from tfjs). */
  gapGrid = $state.raw<number[][] | null>(null);
  gapValue = $state<number | null>(null);
  error = $state<string | null>(null);
  /** The computation's own failure message, apart from `error` so the page words it in its language. */
  failure = $state<string | null>(null);
  #image: tf.Tensor3D | null = null;
  #disposed = false;
  #seed = 1;

  /** Runs the stem + max-pool on the picture resized to 224×224, and global average pooling on 7×7×512. */
  async run(source: PictureSource, seed = 1): Promise<void> {
    await this.runOnTensor(tf.tidy(() => tf.image.resizeBilinear(pictureToTensor(source, 512), [224, 224]) as tf.Tensor3D), seed);
  }

  /** Runs on a picture tensor [224,224,3] in 0..1, which it keeps (for the code cell) and disposes later. */
  async runOnTensor(img: tf.Tensor3D, seed = 1): Promise<void> {
    if (this.#disposed) return img.dispose();
    this.#image?.dispose();
    this.#image = img;
    this.#seed = seed;
    const { stem, pooled } = stemDemo(img, seed);
    // Stand-in for stage 4's output: whole numbers 0..9 (non-negative, as after a ReLU), real shape.
    const stage4 = tf.tidy(() => tf.floor(tf.randomUniform([1, 7, 7, 512], 0, 10, 'float32', seed)) as tf.Tensor4D);
    const gap = tf.mean(stage4, [1, 2]);
    try {
      this.rows = [
        { name: 'input picture', shape: [1, ...img.shape] },
        { name: 'stem: conv 7×7/2, pad 3 (+ ReLU)', shape: stem.shape },
        { name: 'max-pool 3×3/2, pad 1', shape: pooled.shape },
        { name: 'stage 4 output (stand-in)', shape: stage4.shape },
        { name: 'global average pool', shape: gap.shape },
      ];
      const means = tf.mean(stem, [0, 1, 2]);
      const best = tf.argMax(means);
      this.stemChannel = (await best.data())[0];
      tf.dispose([means, best]);
      [this.stemMap, this.pooledMap] = await Promise.all([channelMap(stem, this.stemChannel), channelMap(pooled, this.stemChannel)]);
      const g = await channelMap(stage4, 0);
      this.gapGrid = Array.from({ length: 7 }, (_, r) => Array.from(g.values.slice(r * 7, r * 7 + 7)));
      this.gapValue = (await gap.data())[0];
      this.error = null;
      this.failure = null;
    } catch (err) {
      this.failure = (err as Error).message;
    } finally {
      tf.dispose([stem, pooled, stage4, gap]);
    }
  }

  /** For the code cell: the picture [1,224,224,3] and the stem weights [7,7,3,64]. Caller disposes. */
  codeArgs(): { input: tf.Tensor; kernel: tf.Tensor } | null {
    const img = this.#image;
    return img ? tf.tidy(() => ({ input: img.expandDims(0), kernel: stemWeights(this.#seed) })) : null;
  }

  dispose(): void {
    this.#disposed = true;
    this.#image?.dispose();
    this.#image = null;
  }
}

/** Stride-2 convolution vs 3×3/2 max-pool on one grey picture. */
export class DownsampleDemo {
  preset = $state<PresetName>('gaussian');
  gray = $state.raw<MapData | null>(null);
  conv = $state.raw<MapData | null>(null);
  pool = $state.raw<MapData | null>(null);
  error = $state<string | null>(null);
  /** The computation's own failure message, apart from `error` so the page words it in its language. */
  failure = $state<string | null>(null);
  #gray: tf.Tensor4D | null = null;
  #disposed = false;

  async setPicture(source: PictureSource): Promise<void> {
    await this.setImageTensor(pictureToTensor(source, 192));
  }

  /** Takes an RGB tensor [H,W,3] in 0..1 (disposes it; keeps its grey version) and recomputes. */
  async setImageTensor(image: tf.Tensor3D): Promise<void> {
    if (this.#disposed) return image.dispose();
    this.#gray?.dispose();
    this.#gray = toGray(image);
    image.dispose();
    this.gray = await channelMap(this.#gray);
    await this.compute();
  }

  /** For the code cell: the grey picture [1,H,W,1] and the chosen kernel [3,3,1,1]. Caller disposes. */
  codeArgs(): { input: tf.Tensor; kernel: tf.Tensor } | null {
    const g = this.#gray;
    return g ? tf.tidy(() => ({ input: g.clone(), kernel: kernelTensor(presetKernel(this.preset, 3)) })) : null;
  }

  async setPreset(p: PresetName): Promise<void> {
    this.preset = p;
    await this.compute();
  }

  async compute(): Promise<void> {
    if (!this.#gray) return;
    const { conv, pool } = downsampleBoth(this.#gray, presetKernel(this.preset, 3));
    try {
      [this.conv, this.pool] = await Promise.all([channelMap(conv), channelMap(pool)]);
      this.error = null;
      this.failure = null;
    } catch (err) {
      this.failure = (err as Error).message;
    } finally {
      tf.dispose([conv, pool]);
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#gray?.dispose();
    this.#gray = null;
  }
}
