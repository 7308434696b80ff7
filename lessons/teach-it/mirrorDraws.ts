/**
 * One augmentation draw per training picture: its mirror image (left–right), added as a new row. With a frozen
 * backbone each draw costs one more backbone pass and one more cached row, once — not one per epoch.
 */
import { flipH } from '../../src/lib/data/augment';
import type { ImageDataset } from '../../src/lib/data/dataset';

/** `d` followed by the left–right mirror of each of its pictures (same labels, same order). */
export function withMirrors(d: ImageDataset): ImageDataset {
  const px = d.width * d.height * 3;
  const n = d.labels.length;
  const images = new Uint8Array(2 * n * px);
  images.set(d.images.subarray(0, n * px));
  for (let i = 0; i < n; i++) {
    const flipped = flipH(Float32Array.from(d.images.subarray(i * px, (i + 1) * px)), d.height, d.width, 3);
    images.set(Uint8Array.from(flipped), (n + i) * px);
  }
  const labels = new Uint8Array(2 * n);
  labels.set(d.labels);
  labels.set(d.labels, n);
  return { ...d, images, labels };
}
