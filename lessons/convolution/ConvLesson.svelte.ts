/**
 * State of the live photo convolution: the picture (a tensor [H,W,3] in 0..1 owned here), the kernel the
 * learner edits, and the latest output as plain arrays. Every kernel edit recomputes at once (no button);
 * edits that arrive while a computation runs are coalesced into one more run with the newest kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { convolveGray, toGray } from './convOps';
import { presetKernel, type KernelSize, type PresetName } from './kernelPresets';
import { pictureToTensor, type PictureSource } from '../../src/lib/image/imageSource';

/** A single-channel map as plain numbers, row-major [height, width]. */
export interface MapData {
  values: Float32Array;
  width: number;
  height: number;
}

/** Longest side of the picture we convolve: enough detail, and fast even on a software GPU. */
export const PHOTO_MAX_SIDE = 256;

export class PhotoConvolution {
  kernelSize = $state<KernelSize>(3);
  /** The preset last chosen; 'custom' once the learner edits a weight. */
  preset = $state<PresetName | 'custom'>('sobelX');
  kernel = $state.raw<number[][]>(presetKernel('sobelX', 3));
  /** The grey picture the kernel sees. */
  input = $state.raw<MapData | null>(null);
  output = $state.raw<MapData | null>(null);
  /** Wall time of the last kernel → output update (tf.conv2d + reading the values back), in ms. */
  updateMs = $state<number | null>(null);
  /** What the picture is, e.g. "chelsea.png (256×171)". */
  sourceLabel = $state('');
  error = $state<string | null>(null);
  /** The convolution's own failure message, kept apart from `error` so the page words it in its language. */
  convError = $state<string | null>(null);
  busy = $state(false);
  #image: tf.Tensor3D | null = null;
  #running = false;
  #again = false;
  #disposed = false;

  /** Replaces the picture (drawn at most PHOTO_MAX_SIDE px) and recomputes. */
  async setPicture(source: PictureSource, label: string): Promise<void> {
    let t: tf.Tensor3D;
    try {
      t = pictureToTensor(source, PHOTO_MAX_SIDE);
    } catch (err) {
      this.error = (err as Error).message;
      return;
    }
    await this.setImageTensor(t, label);
  }

  /** Takes ownership of an RGB tensor [H,W,3] in 0..1 (disposes it later) and recomputes. */
  async setImageTensor(image: tf.Tensor3D, label: string): Promise<void> {
    // A picture that finishes loading after the figure was closed is dropped, not kept.
    if (this.#disposed) return image.dispose();
    this.#image?.dispose();
    this.#image = image;
    this.sourceLabel = `${label} (${image.shape[1]}×${image.shape[0]} px)`;
    this.error = null;
    const gray = toGray(image);
    try {
      this.input = { values: (await gray.data()) as Float32Array, width: image.shape[1], height: image.shape[0] };
    } finally {
      gray.dispose();
    }
    await this.refresh();
  }

  /** A preset at the current size. */
  setPreset(name: PresetName): Promise<void> {
    this.preset = name;
    this.kernel = presetKernel(name, this.kernelSize);
    return this.refresh();
  }

  /** Switches between 3×3 and 5×5 (the preset is kept; a custom kernel restarts from identity). */
  setSize(k: KernelSize): Promise<void> {
    this.kernelSize = k;
    this.kernel = presetKernel(this.preset === 'custom' ? 'identity' : this.preset, k);
    if (this.preset === 'custom') this.preset = 'identity';
    return this.refresh();
  }

  /** The learner edited a weight. */
  setKernel(kernel: number[][]): Promise<void> {
    this.kernel = kernel;
    this.preset = 'custom';
    return this.refresh();
  }

  /** Recomputes the output for the current kernel; coalesces calls made while one is running. */
  async refresh(): Promise<void> {
    if (!this.#image) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.busy = true;
    try {
      do {
        this.#again = false;
        await this.#compute(this.#image, this.kernel);
      } while (this.#again && this.#image);
    } finally {
      this.#running = false;
      this.busy = false;
    }
  }

  async #compute(image: tf.Tensor3D, kernel: number[][]): Promise<void> {
    const t0 = performance.now();
    let y: tf.Tensor4D | null = null;
    try {
      y = convolveGray(image, kernel);
      const values = (await y.data()) as Float32Array;
      this.output = { values, width: y.shape[2], height: y.shape[1] };
      this.updateMs = performance.now() - t0;
      this.error = null;
      this.convError = null;
    } catch (err) {
      this.convError = (err as Error).message;
    } finally {
      y?.dispose();
    }
  }

  /** Clones of the picture (grey, [1,H,W,1]) and kernel ([k,k,1,1]) for the code cell. Caller disposes. */
  codeArgs(): { input: tf.Tensor4D; kernel: tf.Tensor4D } | null {
    if (!this.#image) return null;
    const img = this.#image;
    return tf.tidy(() => ({
      input: toGray(img),
      kernel: tf.tensor4d(this.kernel.flat(), [this.kernel.length, this.kernel.length, 1, 1]),
    }));
  }

  /** Frees the picture tensor. */
  dispose(): void {
    this.#disposed = true;
    this.#image?.dispose();
    this.#image = null;
  }
}
