/**
 * Data augmentation on plain Float32 images, HWC row-major (one image) with values in [0, 1] — CPU work
 * that is tiny next to the training step and runs in the worker. Every random choice comes from the Rng
 * passed in, so a batch is reproducible from (seed, epoch, step).
 */
import type { Rng } from '../nn';

/** Which augmentations are on, and their strength. */
export interface AugmentConfig {
  /** Random crop after padding by `pad` pixels on every side (torchvision RandomCrop(32, padding=4)). */
  crop: boolean;
  pad: number;
  /**
   * What the padding shows: 'zero' (black, torchvision's default) or 'reflect' (the image mirrored at its edge,
   * padding_mode='reflect'). Absent = 'zero'.
   */
  padMode?: 'zero' | 'reflect';
  /** Horizontal flip with probability 1/2. */
  flip: boolean;
  /** Rotation by a uniform angle in ±maxDegrees, bilinear, zero fill. */
  rotate: boolean;
  maxDegrees: number;
  /** Colour jitter: brightness, contrast, saturation factors uniform in [1−j, 1+j]. */
  jitter: boolean;
  jitterStrength: number;
}

export const DEFAULT_AUGMENT: AugmentConfig = {
  crop: true, pad: 4, flip: true, rotate: false, maxDegrees: 15, jitter: false, jitterStrength: 0.3,
};

/** torch 'reflect' padding's source index for i in [−(n−1), 2n−2]: −i below 0, 2(n−1) − i past the end. */
function reflectIndex(i: number, n: number): number {
  return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
}

/**
 * out[y,x] = src[y+dy−pad, x+dx−pad], dy, dx in [0, 2·pad]; outside the image 0 ('zero') or the mirrored
 * pixel ('reflect', needs pad < the image size). Returns a new array.
 */
export function padCrop(src: Float32Array, h: number, w: number, c: number, pad: number, dy: number, dx: number,
  mode: 'zero' | 'reflect' = 'zero'): Float32Array {
  const out = new Float32Array(h * w * c);
  const reflect = mode === 'reflect';
  for (let y = 0; y < h; y++) {
    let sy = y + dy - pad;
    if (reflect) sy = reflectIndex(sy, h);
    else if (sy < 0 || sy >= h) continue;
    for (let x = 0; x < w; x++) {
      let sx = x + dx - pad;
      if (reflect) sx = reflectIndex(sx, w);
      else if (sx < 0 || sx >= w) continue;
      const so = (sy * w + sx) * c;
      const o = (y * w + x) * c;
      for (let k = 0; k < c; k++) out[o + k] = src[so + k];
    }
  }
  return out;
}

/** Mirror left–right: out[y,x] = src[y, w−1−x]. Returns a new array. */
export function flipH(src: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const so = (y * w + (w - 1 - x)) * c;
      const o = (y * w + x) * c;
      for (let k = 0; k < c; k++) out[o + k] = src[so + k];
    }
  }
  return out;
}

/**
 * Rotation by `radians` (counter-clockwise on screen) about the image centre ((w−1)/2, (h−1)/2): each output
 * pixel samples the source at the inversely rotated position, bilinear, zero outside. Returns a new array.
 */
export function rotate(src: Float32Array, h: number, w: number, c: number, radians: number): Float32Array {
  const out = new Float32Array(h * w * c);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const at = (yy: number, xx: number, k: number) =>
    yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : src[(yy * w + xx) * c + k];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // y points down, so a counter-clockwise turn on screen maps source → output with −θ in (x, y).
      const sx = cos * (x - cx) - sin * (y - cy) + cx;
      const sy = sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * w + x) * c;
      for (let k = 0; k < c; k++) {
        out[o + k] =
          (1 - fy) * ((1 - fx) * at(y0, x0, k) + fx * at(y0, x0 + 1, k)) +
          fy * ((1 - fx) * at(y0 + 1, x0, k) + fx * at(y0 + 1, x0 + 1, k));
      }
    }
  }
  return out;
}

/**
 * Colour jitter on RGB in [0, 1] (torchvision order and formulas): brightness v·b; contrast
 * (v − m)·c + m with m the mean grey of the image; saturation (v − g)·s + g with g the pixel's grey
 * (0.299 R + 0.587 G + 0.114 B); clipped to [0, 1] after each. Returns a new array.
 */
export function colourJitter(src: Float32Array, b: number, ct: number, s: number): Float32Array {
  const out = new Float32Array(src.length);
  const clip = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  let m = 0;
  for (let i = 0; i < src.length; i++) out[i] = clip(src[i] * b);
  for (let i = 0; i < src.length; i += 3) m += 0.299 * out[i] + 0.587 * out[i + 1] + 0.114 * out[i + 2];
  m /= src.length / 3;
  for (let i = 0; i < src.length; i++) out[i] = clip((out[i] - m) * ct + m);
  for (let i = 0; i < src.length; i += 3) {
    const g = 0.299 * out[i] + 0.587 * out[i + 1] + 0.114 * out[i + 2];
    for (let k = 0; k < 3; k++) out[i + k] = clip((out[i + k] - g) * s + g);
  }
  return out;
}

/** Applies the enabled augmentations in a fixed order (jitter, rotate, crop, flip). Returns a new array. */
export function augmentImage(img: Float32Array, h: number, w: number, cfg: AugmentConfig, rng: Rng): Float32Array {
  let x = img;
  if (cfg.jitter) {
    const j = cfg.jitterStrength;
    x = colourJitter(x, rng.uniform(1 - j, 1 + j), rng.uniform(1 - j, 1 + j), rng.uniform(1 - j, 1 + j));
  }
  if (cfg.rotate) x = rotate(x, h, w, 3, (rng.uniform(-cfg.maxDegrees, cfg.maxDegrees) * Math.PI) / 180);
  if (cfg.crop) x = padCrop(x, h, w, 3, cfg.pad, rng.int(2 * cfg.pad + 1), rng.int(2 * cfg.pad + 1), cfg.padMode ?? 'zero');
  if (cfg.flip && rng.next() < 0.5) x = flipH(x, h, w, 3);
  return x === img ? img.slice() : x;
}
