/** Mirror draws: the originals first, then each picture flipped left–right (checked pixel by pixel), labels repeated. */
import { describe, it, expect } from 'vitest';
import { withMirrors } from '../../../lessons/teach-it/mirrorDraws';

describe('withMirrors', () => {
  it('appends each picture mirrored, with its label', () => {
    const w = 3, h = 2, n = 2;
    const images = Uint8Array.from({ length: n * h * w * 3 }, (_, i) => (i * 11) % 256);
    const d = withMirrors({ images, labels: Uint8Array.of(1, 0), width: w, height: h, classNames: ['a', 'b'] });
    expect(Array.from(d.labels)).toEqual([1, 0, 1, 0]);
    expect(d.images.subarray(0, images.length)).toEqual(images);
    for (let i = 0; i < n; i++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
      expect(d.images[(((n + i) * h + y) * w + x) * 3 + c]).toBe(images[((i * h + y) * w + (w - 1 - x)) * 3 + c]);
    }
  });
});
