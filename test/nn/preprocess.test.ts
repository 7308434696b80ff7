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

describe('preprocessor_config.json validation', () => {
  const fixture = () => JSON.parse(readFileSync(path.resolve(__dirname, '../../../shared/fixtures/resnet18/hf/preprocessor_config.json'), 'utf8'));
  /** The message parsePreprocessorConfig throws for the fixture with `patch` applied (never a RangeError). */
  const refusal = (patch: Record<string, unknown>): string => {
    try {
      parsePreprocessorConfig({ ...fixture(), ...patch });
    } catch (e) {
      expect((e as Error).constructor).toBe(Error);
      return (e as Error).message;
    }
    throw new Error(`expected ${JSON.stringify(patch)} to be refused`);
  };

  it('refuses sizes outside 16–1024 px or not whole, with the value and the range in the message', () => {
    expect(refusal({ size: { shortest_edge: 8000 } })).toMatch(/size\.shortest_edge is 8000; it must be a whole number of pixels from 16 to 1024/);
    expect(refusal({ size: { shortest_edge: 100000 } })).toMatch(/shortest_edge is 100000/);
    expect(refusal({ size: { shortest_edge: 224.5 } })).toMatch(/shortest_edge is 224\.5; it must be a whole number/);
    expect(refusal({ size: { shortest_edge: 8 } })).toMatch(/from 16 to 1024/);
    expect(refusal({ size: { shortest_edge: '224' } })).toMatch(/shortest_edge is "224"/);
    expect(refusal({ size: { height: 224.5, width: 224 } })).toMatch(/size\.height is 224\.5/);
  });

  it('refuses crop_pct outside (0, 1] and crops that would blow the resize up', () => {
    expect(refusal({ crop_pct: 0 })).toMatch(/crop_pct is 0; it must be a number above 0 and at most 1/);
    expect(refusal({ crop_pct: -0.5 })).toMatch(/crop_pct is -0\.5/);
    expect(refusal({ crop_pct: 1.5 })).toMatch(/crop_pct is 1\.5/);
    // 224 / 0.01 = 22,400 px short side: a 2.6 GB intermediate image
    expect(refusal({ crop_pct: 0.01 })).toMatch(/crop_pct 0\.01 would resize the short side to 22400 px; at most 2048/);
  });

  it('refuses a zero, negative or non-finite std, non-finite means and lists of the wrong length', () => {
    expect(refusal({ image_std: [0.229, 0, 0.225] })).toMatch(/image_std \[0\.229,0,0\.225\]: every value must be a finite number above 0/);
    expect(refusal({ image_std: JSON.parse('[1e999, 1, 1]') })).toMatch(/image_std \[null,1,1\]|image_std .*finite/);
    expect(refusal({ image_mean: [0.5, 0.5] })).toMatch(/image_mean has 2 values; it needs 3 \(one per colour channel\) or one for all/);
    expect(refusal({ image_mean: [0.5, 'x', 0.5] })).toMatch(/image_mean .*finite number/);
    expect(refusal({ rescale_factor: 0 })).toMatch(/rescale_factor is 0/);
    expect(refusal({ image_mean: [1e38, 0, 0], image_std: [1e-3, 1, 1] })).toMatch(/turn byte 0 of channel 0 into a value beyond float32/);
  });

  it('accepts what HF accepts: one mean/std for all channels, do_rescale/do_normalize off, the fixture as is', () => {
    const one = parsePreprocessorConfig({ ...fixture(), image_mean: 0.5, image_std: [0.25] });
    expect([one.mean, one.std]).toEqual([[0.5, 0.5, 0.5], [0.25, 0.25, 0.25]]);
    const raw = parsePreprocessorConfig({ ...fixture(), do_rescale: false, do_normalize: false });
    expect([raw.rescale, raw.mean, raw.std]).toEqual([1, [0, 0, 0], [1, 1, 1]]);
    expect(parsePreprocessorConfig({ ...fixture(), size: { shortest_edge: 1024 }, crop_pct: 1 }).shortestEdge).toBe(1024);
  });

  it('every config it accepts turns a photo into finite model inputs of the announced size', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    let accepted = 0;
    for (let i = 0; i < 200; i++) {
      const cfgJson = {
        size: { shortest_edge: pick([0, 15, 16, 17, 33, 64, 224.5, 1025, -3, 1e9]) },
        crop_pct: pick([0, 1e-9, 0.05, 0.3, 0.875, 1, 1.01, -1]),
        image_std: pick([[1, 1, 1], [1e-30, 1, 1], [0, 1, 1], 2, [-1, 1, 1]]),
        rescale_factor: pick([1 / 255, 0, 1e-300, 7]),
        image_mean: pick([[0.5, 0.5, 0.5], [1e38, 0, 0], [-3e38, 0, 0], 0]),
      };
      let cfg: PreprocessConfig;
      try { cfg = parsePreprocessorConfig(cfgJson); } catch (e) { expect((e as Error).constructor).toBe(Error); continue; }
      accepted++;
      const res = preprocess(synth(37, 23), cfg);
      expect(res.shape).toEqual([1, cfg.shortestEdge, cfg.shortestEdge, 3]);
      expect(res.pixels.every(Number.isFinite), JSON.stringify(cfgJson)).toBe(true);
    }
    expect(accepted).toBeGreaterThan(5);
  });
});
