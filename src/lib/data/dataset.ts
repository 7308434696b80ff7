/**
 * The studio's in-memory image dataset: plain bytes, no tensors, so it can be made anywhere (page, worker,
 * Node) and transferred to a worker without copying.
 */

/** N images of size height×width×3, uint8 RGB, NHWC row-major; labels in [0, classNames.length). */
export interface ImageDataset {
  images: Uint8Array;
  labels: Uint8Array;
  height: number;
  width: number;
  classNames: string[];
  /** Where the images came from when they can be drawn again: the built-in generator's seed and noise. */
  source?: { kind: 'synthetic'; seed: number; noise: number };
}

/** A new dataset holding the images at `indices` (copies the bytes). */
export function subset(d: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  const px = d.height * d.width * 3;
  const images = new Uint8Array(indices.length * px);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    images.set(d.images.subarray(k * px, (k + 1) * px), i * px);
    labels[i] = d.labels[k];
  }
  return { images, labels, height: d.height, width: d.width, classNames: d.classNames.slice(), ...(d.source ? { source: { ...d.source } } : {}) };
}

/** Images per class, length classNames.length. */
export function classCounts(d: ImageDataset): number[] {
  const c = new Array<number>(d.classNames.length).fill(0);
  for (const l of d.labels) c[l] += 1;
  return c;
}

/** Per-channel mean and standard deviation of the pixels scaled to [0, 1] (for normalisation). */
export function channelStats(d: ImageDataset): { mean: number[]; std: number[] } {
  const s = [0, 0, 0];
  const s2 = [0, 0, 0];
  const n = d.images.length / 3;
  for (let i = 0; i < d.images.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      const v = d.images[i + c] / 255;
      s[c] += v;
      s2[c] += v * v;
    }
  }
  const mean = s.map((v) => v / n);
  const std = s2.map((v, c) => Math.sqrt(Math.max(v / n - mean[c] * mean[c], 1e-12)));
  return { mean, std };
}
