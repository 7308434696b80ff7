import { describe, it, expect } from 'vitest';
import {
  preprocess, resizeBicubic, centerCrop, shortestEdgeSize, parsePreprocessorConfig, RESNET18_PREPROCESS,
  type RgbaImage, type PreprocessConfig,
} from '../../src/lib/nn/preprocess';
import { PIL_BICUBIC } from './fixtures/pilBicubic';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Deterministic synthetic RGBA image with sharp edges (stresses the ringing of the cubic kernel). */
function synth(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * 4;
    data[i] = (x * 37 + y * 11) % 256;
    data[i + 1] = (x * x * 3 + y * 29) % 256;
    data[i + 2] = ((x ^ y) * 23) % 256;
    data[i + 3] = 255;
  }
  return { width: w, height: h, data };
}

/** Naive float64 PIL-style bicubic: Keys a=-0.5, kernel widened by the scale when downscaling,
 *  weights renormalised over the taps inside the image, rows first then columns, bytes between passes. */
function naiveResize(img: RgbaImage, ow: number, oh: number): number[][][] {
  const kernel = (x: number) => {
    const a = -0.5, t = Math.abs(x);
    if (t < 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
    if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
    return 0;
  };
  const axis = (n: number, on: number, read: (j: number) => number, o: number) => {
    const scale = n / on, fs = Math.max(1, scale), c = (o + 0.5) * scale;
    let s = 0, ws = 0;
    for (let j = 0; j < n; j++) {
      const d = (j + 0.5 - c) / fs;
      if (Math.abs(d) >= 2 || Math.abs(j + 0.5 - c) > 2 * fs + 0.5) continue;
      const w = kernel(d); s += w * read(j); ws += w;
    }
    return Math.min(255, Math.max(0, Math.round(s / ws)));
  };
  const px = (x: number, y: number, c: number) => img.data[(y * img.width + x) * 4 + c];
  const mid: number[][][] = []; // [y][x][c] after the horizontal pass
  for (let y = 0; y < img.height; y++) {
    mid.push([]);
    for (let x = 0; x < ow; x++) mid[y].push([0, 1, 2].map((c) => ow === img.width ? px(x, y, c) : axis(img.width, ow, (j) => px(j, y, c), x)));
  }
  const out: number[][][] = [];
  for (let y = 0; y < oh; y++) {
    out.push([]);
    for (let x = 0; x < ow; x++) out[y].push([0, 1, 2].map((c) => oh === img.height ? mid[y][x][c] : axis(img.height, oh, (j) => mid[j][x][c], y)));
  }
  return out;
}

function bytesOf(img: RgbaImage): number[][][] {
  const out: number[][][] = [];
  for (let y = 0; y < img.height; y++) {
    out.push([]);
    for (let x = 0; x < img.width; x++) out[y].push([0, 1, 2].map((c) => img.data[(y * img.width + x) * 4 + c]));
  }
  return out;
}

describe('PIL-style bicubic resize', () => {
  it('matches a naive float64 reference (down, up, mixed, antialiased)', () => {
    // The reference sums unnormalised weights and divides at the end; the code normalises weights first.
    // Both are float64, so they differ only when a value lies within ~1e-13 of a .5 rounding boundary:
    // then one byte may differ by one level. Everything else must be identical.
    let exact = 0, total = 0;
    for (const [w, h, ow, oh] of [[13, 9, 5, 4], [6, 5, 11, 8], [40, 30, 21, 16], [31, 17, 64, 5], [300, 20, 7, 20]]) {
      const got = bytesOf(resizeBicubic(synth(w, h), ow, oh)).flat(2);
      const want = naiveResize(synth(w, h), ow, oh).flat(2);
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => { expect(Math.abs(g - want[i])).toBeLessThanOrEqual(1); total++; if (g === want[i]) exact++; });
    }
    expect(exact / total).toBeGreaterThan(0.995);
  });

  it('matches bytes produced by Pillow itself to within one level', () => {
    // Pillow accumulates in 22-bit fixed point; we use float64, so a value sitting on a .5 boundary
    // may round the other way: at most 1/255 in [0,1] units, i.e. 1/255/0.225 ≈ 0.0174 after normalisation.
    let exact = 0, total = 0;
    for (const c of PIL_BICUBIC) {
      const got = resizeBicubic(synth(c.w, c.h), c.ow, c.oh);
      for (let i = 0; i < c.ow * c.oh; i++) for (let k = 0; k < 3; k++) {
        const d = Math.abs(got.data[i * 4 + k] - c.rgb[i * 3 + k]);
        expect(d).toBeLessThanOrEqual(1);
        total++; if (d === 0) exact++;
      }
    }
    expect(exact / total).toBeGreaterThan(0.99);
  });

  it('keeps a constant image constant', () => {
    const img = { width: 50, height: 33, data: new Uint8ClampedArray(50 * 33 * 4).fill(200) };
    const r = resizeBicubic(img, 17, 61);
    for (let i = 0; i < r.data.length; i += 4) expect([r.data[i], r.data[i + 1], r.data[i + 2]]).toEqual([200, 200, 200]);
  });
});

describe('the microsoft/resnet-18 pipeline', () => {
  it('computes HF output sizes: shortest edge 256, long edge floored', () => {
    expect(shortestEdgeSize(640, 480, 256)).toEqual({ width: 341, height: 256 });
    expect(shortestEdgeSize(300, 451, 256)).toEqual({ width: 256, height: 384 });
  });

  it('reads preprocessor_config.json of the fixture as 224 / 0.875, ImageNet mean and std', () => {
    const p = path.resolve(__dirname, '../../../shared/fixtures/resnet18/hf/preprocessor_config.json');
    const cfg = parsePreprocessorConfig(JSON.parse(readFileSync(p, 'utf8')));
    expect(cfg).toEqual({ ...RESNET18_PREPROCESS, rescale: 0.00392156862745098 });
    expect(() => parsePreprocessorConfig({ resample: 2 })).toThrow(/bicubic/);
  });

  it('resizes, centre-crops and normalises like a naive reference (small synthetic image)', () => {
    // A 16-px crop at crop_pct 0.875 → shortest edge int(16 / 0.875) = 18, exactly as 224 → 256.
    const cfg: PreprocessConfig = { ...RESNET18_PREPROCESS, shortestEdge: 16 };
    const img = synth(45, 29);
    const res = preprocess(img, cfg);
    expect([res.resized.width, res.resized.height]).toEqual([27, 18]);
    const ref = naiveResize(img, 27, 18);
    const left = Math.floor((27 - 16) / 2), top = Math.floor((18 - 16) / 2);
    expect([res.cropped.left, res.cropped.top]).toEqual([left, top]);
    expect(res.shape).toEqual([1, 16, 16, 3]);
    let maxErr = 0;
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) for (let c = 0; c < 3; c++) {
      const want = (ref[y + top][x + left][c] / 255 - cfg.mean[c]) / cfg.std[c];
      maxErr = Math.max(maxErr, Math.abs(res.pixels[(y * 16 + x) * 3 + c] - want));
    }
    // Same bytes, so the only difference is float32 storage of a value below 2.7 in magnitude: < 1e-6.
    expect(maxErr).toBeLessThan(1e-6);
  });

  it('centre crop takes the middle, with the odd pixel on the right/bottom as HF does', () => {
    const img = synth(7, 6);
    const c = centerCrop(img, 4, 4);
    expect([c.left, c.top]).toEqual([1, 1]);
    expect(Array.from(c.data.slice(0, 4))).toEqual(Array.from(img.data.slice((1 * 7 + 1) * 4, (1 * 7 + 1) * 4 + 4)));
  });
});
