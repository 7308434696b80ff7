import { describe, it, expect } from 'vitest';
import { padCrop, flipH, rotate, colourJitter, augmentImage, DEFAULT_AUGMENT } from '../../src/lib/data/augment';
import { Rng } from '../../src/lib/nn/random';

const H = 9;
const W = 7;
const C = 3;
const src = Float32Array.from({ length: H * W * C }, (_, i) => ((i * 37) % 101) / 100);
const at = (a: ArrayLike<number>, y: number, x: number, c: number) => a[(y * W + x) * C + c];

/** Naive float64 bilinear rotation written from the definition (zero outside), independent of the code. */
function naiveRotate(img: Float32Array, theta: number): number[] {
  const out: number[] = [];
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  const pix = (y: number, x: number, c: number) => (y >= 0 && y < H && x >= 0 && x < W ? at(img, y, x, c) : 0);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Output pixel p = R(θ)(s − c) + c with R the on-screen CCW rotation; so s = R(−θ)(p − c) + c.
      const dx = x - cx;
      const dy = y - cy;
      const sx = Math.cos(theta) * dx - Math.sin(theta) * dy + cx;
      const sy = Math.sin(theta) * dx + Math.cos(theta) * dy + cy;
      for (let c = 0; c < C; c++) {
        let v = 0;
        for (const yy of [Math.floor(sy), Math.floor(sy) + 1]) {
          for (const xx of [Math.floor(sx), Math.floor(sx) + 1]) {
            const wgt = (1 - Math.abs(sx - xx)) * (1 - Math.abs(sy - yy));
            v += wgt * pix(yy, xx, c);
          }
        }
        out.push(v);
      }
    }
  }
  return out;
}

describe('augmentation ops', () => {
  it('pad+crop shifts exactly, with zeros where the padding shows', () => {
    for (const [dy, dx] of [[0, 0], [4, 4], [8, 1], [2, 7]]) {
      const out = padCrop(src, H, W, C, 4, dy, dx);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
        const sy = y + dy - 4;
        const sx = x + dx - 4;
        const want = sy >= 0 && sy < H && sx >= 0 && sx < W ? at(src, sy, sx, c) : 0;
        expect(at(out, y, x, c)).toBe(want);
      }
    }
  });

  it('reflect-padded crop reads the mirrored pixel (torch padding_mode="reflect": index −1 → 1, n → n−2)', () => {
    const mirror = (i: number, n: number) => (i < 0 ? -i : i > n - 1 ? 2 * n - 2 - i : i);
    for (const [dy, dx] of [[0, 0], [4, 4], [8, 1], [2, 7]]) {
      const out = padCrop(src, H, W, C, 4, dy, dx, 'reflect');
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
        expect(at(out, y, x, c)).toBe(at(src, mirror(y + dy - 4, H), mirror(x + dx - 4, W), c));
      }
    }
    // torch.nn.functional.pad(..., mode='reflect') of the row [a, b, c, d, e] by 2: [c, b, a, b, c, d, e, d, c].
    const row = Float32Array.from([1, 2, 3, 4, 5]);
    expect(Array.from(padCrop(row, 1, 5, 1, 2, 2, 2, 'reflect'))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(padCrop(row, 1, 5, 1, 2, 2, 0, 'reflect'))).toEqual([3, 2, 1, 2, 3]);
    expect(Array.from(padCrop(row, 1, 5, 1, 2, 2, 4, 'reflect'))).toEqual([3, 4, 5, 4, 3]);
    expect(Array.from(padCrop(row, 1, 5, 1, 2, 2, 0, 'zero'))).toEqual([0, 0, 1, 2, 3]);
  });

  it('flip mirrors columns exactly and twice is the identity', () => {
    const f = flipH(src, H, W, C);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(at(f, y, x, 1)).toBe(at(src, y, W - 1 - x, 1));
    expect(Array.from(flipH(f, H, W, C))).toEqual(Array.from(src));
  });

  it('rotation matches a naive bilinear loop and is the identity at 0°', () => {
    for (const deg of [13, -15, 90]) {
      const got = rotate(src, H, W, C, (deg * Math.PI) / 180);
      const want = naiveRotate(src, (deg * Math.PI) / 180);
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    }
    const id = rotate(src, H, W, C, 0);
    for (let i = 0; i < src.length; i++) expect(id[i]).toBeCloseTo(src[i], 6);
  });

  it('colour jitter follows the brightness, contrast, saturation formulas', () => {
    const px = Float32Array.from([0.2, 0.4, 0.6, 0.9, 0.1, 0.5]);
    const out = colourJitter(px, 1.2, 0.5, 1.5);
    const clip = (v: number) => Math.min(1, Math.max(0, v));
    const b = Array.from(px, (v) => clip(v * 1.2));
    const grey = (a: number[], i: number) => 0.299 * a[i] + 0.587 * a[i + 1] + 0.114 * a[i + 2];
    const m = (grey(b, 0) + grey(b, 3)) / 2;
    const ct = b.map((v) => clip((v - m) * 0.5 + m));
    const want = ct.map((v, i) => clip((v - grey(ct, i - (i % 3))) * 1.5 + grey(ct, i - (i % 3))));
    want.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  });

  it('is reproducible from the seed and changes the image when on', () => {
    const cfg = { ...DEFAULT_AUGMENT, rotate: true, jitter: true };
    const a = augmentImage(src, H, W, cfg, new Rng(5));
    const b = augmentImage(src, H, W, cfg, new Rng(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    const off = augmentImage(src, H, W, { ...cfg, crop: false, flip: false, rotate: false, jitter: false }, new Rng(5));
    expect(Array.from(off)).toEqual(Array.from(src));
  });
});
