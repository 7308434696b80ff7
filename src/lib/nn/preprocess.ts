import * as tf from '@tensorflow/tfjs-core';

/**
 * Image preprocessing of microsoft/resnet-18 (HF ConvNextImageProcessor): shortest edge to
 * shortest_edge / crop_pct (224 / 0.875 = 256) with PIL's bicubic filter, centre crop 224, ×1/255,
 * ImageNet mean/std. The resampler reproduces PIL's `Image.resize(..., BICUBIC)` on 8-bit images:
 * separable (horizontal pass, then vertical), cubic kernel with a = −0.5, the kernel stretched by the
 * scale factor when downscaling (antialiasing), and each pass rounded and clipped to uint8 as PIL does.
 * No DOM here: input is ImageData-like RGBA bytes so Node tests can feed synthetic images.
 */

/** ImageData-like RGBA image, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** The fields of a HF preprocessor_config.json this pipeline uses. */
export interface PreprocessConfig {
  shortestEdge: number;
  cropPct: number;
  rescale: number;
  mean: [number, number, number];
  std: [number, number, number];
}

/** microsoft/resnet-18's preprocessor_config.json, as numbers. */
export const RESNET18_PREPROCESS: PreprocessConfig = {
  shortestEdge: 224,
  cropPct: 0.875,
  rescale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/** Short sides this pipeline accepts, and the largest intermediate short side (shortest_edge / crop_pct). */
export const PREPROCESS_LIMITS = { minEdge: 16, maxEdge: 1024, maxResizeEdge: 2048 } as const;

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v));

/** A size field: absent (null), or a whole number of pixels within the limits; throws otherwise. */
function sizeField(v: unknown, name: string): number | null {
  if (v === undefined || v === null) return null;
  const { minEdge, maxEdge } = PREPROCESS_LIMITS;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < minEdge || v > maxEdge) {
    throw new Error(`preprocessor_config.json: ${name} is ${show(v)}; it must be a whole number of pixels from ${minEdge} to ${maxEdge}`);
  }
  return v;
}

/** image_mean / image_std: three finite numbers (one per channel) or one for all; `positive` for std. */
function channelTriple(v: unknown, name: string, d: [number, number, number], positive: boolean): [number, number, number] {
  if (v === undefined || v === null) return d;
  const xs = typeof v === 'number' ? [v, v, v] : Array.isArray(v) && v.length === 1 ? [v[0], v[0], v[0]] : v;
  if (!Array.isArray(xs)) throw new Error(`preprocessor_config.json: ${name} is ${show(v)}; it must be a list of 3 numbers`);
  if (xs.length !== 3) throw new Error(`preprocessor_config.json: ${name} has ${xs.length} values; it needs 3 (one per colour channel) or one for all`);
  if (!xs.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0))) {
    throw new Error(`preprocessor_config.json: ${name} ${show(v)}: every value must be a finite number${positive ? ' above 0 (it divides the pixels)' : ''}`);
  }
  return xs as [number, number, number];
}

/** crop_pct in (0, 1], and small enough that the resize before the crop stays bounded. */
function cropPct(v: unknown, edge: number): number {
  if (v === undefined || v === null) return RESNET18_PREPROCESS.cropPct;
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
    throw new Error(`preprocessor_config.json: crop_pct is ${show(v)}; it must be a number above 0 and at most 1`);
  }
  const resizeEdge = Math.trunc(edge / v);
  if (edge < 384 && resizeEdge > PREPROCESS_LIMITS.maxResizeEdge) {
    throw new Error(`preprocessor_config.json: crop_pct ${v} would resize the short side to ${resizeEdge} px; at most ${PREPROCESS_LIMITS.maxResizeEdge} px is supported`);
  }
  return v;
}

/**
 * Reads a HF preprocessor_config.json and checks every field this pipeline uses: size (shortest_edge, or
 * height/width) a whole number from 16 to 1024 px, crop_pct in (0, 1], rescale_factor finite and above 0,
 * image_mean finite and image_std finite and above 0 (3 values, or one for all channels), do_rescale /
 * do_normalize honoured, resample bicubic. Throws an Error in plain words naming the field; a config it
 * returns turns any picture into finite inputs.
 */
export function parsePreprocessorConfig(json: unknown): PreprocessConfig {
  const j = json as Record<string, unknown>;
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw new Error('preprocessor_config.json is not a JSON object');
  if (j.resample !== undefined && j.resample !== 3) {
    throw new Error(`preprocessor_config.json asks for resample=${String(j.resample)}; only 3 (bicubic) is implemented`);
  }
  const size = (typeof j.size === 'object' && j.size !== null ? j.size : {}) as Record<string, unknown>;
  const side = typeof j.size === 'number' ? sizeField(j.size, 'size') : null;
  const [h, w] = [sizeField(size.height, 'size.height'), sizeField(size.width, 'size.width')];
  const edge = sizeField(size.shortest_edge, 'size.shortest_edge') ?? side ?? (h !== null && h === w ? h : null) ?? RESNET18_PREPROCESS.shortestEdge;
  const rescale = j.rescale_factor ?? RESNET18_PREPROCESS.rescale;
  if (typeof rescale !== 'number' || !Number.isFinite(rescale) || rescale <= 0) {
    throw new Error(`preprocessor_config.json: rescale_factor is ${show(rescale)}; it must be a finite number above 0 (1/255 for 8-bit pictures)`);
  }
  const normalise = j.do_normalize !== false;
  const cfg: PreprocessConfig = {
    shortestEdge: edge,
    cropPct: cropPct(j.crop_pct, edge),
    rescale: j.do_rescale === false ? 1 : rescale,
    mean: normalise ? channelTriple(j.image_mean, 'image_mean', RESNET18_PREPROCESS.mean, false) : [0, 0, 0],
    std: normalise ? channelTriple(j.image_std, 'image_std', RESNET18_PREPROCESS.std, true) : [1, 1, 1],
  };
  // normalize() is monotonic in the byte, so bytes 0 and 255 give each channel's extremes
  for (let c = 0; c < 3; c++) for (const v of [0, 255]) {
    if (!Number.isFinite(Math.fround((v * cfg.rescale - cfg.mean[c]) / cfg.std[c]))) {
      throw new Error(`preprocessor_config.json: rescale_factor, image_mean and image_std turn byte ${v} of channel ${c} into a value beyond float32`);
    }
  }
  return cfg;
}

/** Keys' cubic convolution kernel with a = −0.5 (PIL's bicubic_filter). */
function cubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** Per-output-pixel taps as PIL's precompute_coeffs: first input index and normalised weights. */
export function bicubicCoefficients(inSize: number, outSize: number): { first: Int32Array; count: Int32Array; weights: Float64Array[] } {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1); // > 1 when downscaling: the kernel widens → antialiasing
  const support = 2 * filterscale;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights: Float64Array[] = [];
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize);
    const w = new Float64Array(xmax - xmin);
    let sum = 0;
    for (let x = 0; x < w.length; x++) {
      w[x] = cubic((x + xmin - center + 0.5) / filterscale);
      sum += w[x];
    }
    if (sum !== 0) for (let x = 0; x < w.length; x++) w[x] /= sum;
    first[o] = xmin;
    count[o] = w.length;
    weights.push(w);
  }
  return { first, count, weights };
}

/** PIL rounds each pass to the nearest byte and clips to [0, 255]. */
function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** One separable pass along x (axis 0) or y (axis 1) of an RGB(A) byte image. */
function resamplePass(src: RgbaImage, outSize: number, axis: 0 | 1): RgbaImage {
  const inSize = axis === 0 ? src.width : src.height;
  const { first, count, weights } = bicubicCoefficients(inSize, outSize);
  const w = axis === 0 ? outSize : src.width;
  const h = axis === 0 ? src.height : outSize;
  const out = new Uint8ClampedArray(w * h * 4);
  const step = axis === 0 ? 4 : src.width * 4; // byte distance between neighbouring taps
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = axis === 0 ? x : y;
      const base = axis === 0 ? (y * src.width + first[o]) * 4 : (first[o] * src.width + x) * 4;
      const k = weights[o];
      let r = 0, g = 0, b = 0;
      for (let t = 0, p = base; t < count[o]; t++, p += step) {
        r += src.data[p] * k[t];
        g += src.data[p + 1] * k[t];
        b += src.data[p + 2] * k[t];
      }
      const q = (y * w + x) * 4;
      out[q] = toByte(r);
      out[q + 1] = toByte(g);
      out[q + 2] = toByte(b);
      out[q + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

/** PIL-style bicubic resize (horizontal pass, then vertical). Returns a new opaque RGBA image. */
export function resizeBicubic(img: RgbaImage, width: number, height: number): RgbaImage {
  if (width < 1 || height < 1 || img.width < 1 || img.height < 1) throw new Error('cannot resize an empty image');
  const horiz = width === img.width ? img : resamplePass(img, width, 0);
  return height === horiz.height ? horiz : resamplePass(horiz, height, 1);
}

/** HF get_resize_output_image_size(default_to_square=False): short side → edge, long side floored. */
export function shortestEdgeSize(width: number, height: number, edge: number): { width: number; height: number } {
  if (width <= height) return { width: edge, height: Math.trunc((edge * height) / width) };
  return { width: Math.trunc((edge * width) / height), height: edge };
}

/** HF center_crop: top = (H − h) // 2, left = (W − w) // 2. Image must be at least w × h. */
export function centerCrop(img: RgbaImage, width: number, height: number): RgbaImage & { left: number; top: number } {
  const left = Math.floor((img.width - width) / 2);
  const top = Math.floor((img.height - height) / 2);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y + top) * img.width + left) * 4;
    out.set(img.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data: out, left, top };
}

/** ×rescale, then (x − mean) / std per channel. Returns NHWC values of one [h,w,3] image. */
export function normalize(img: RgbaImage, cfg: PreprocessConfig): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = (img.data[i * 4 + c] * cfg.rescale - cfg.mean[c]) / cfg.std[c];
  }
  return out;
}

/** Everything the step-by-step strip draws, plus the model input. */
export interface PreprocessResult {
  original: RgbaImage;
  /** After the shortest-edge bicubic resize (e.g. 341×256). */
  resized: RgbaImage;
  /** After the centre crop (224×224), with the crop's offset in the resized image. */
  cropped: RgbaImage & { left: number; top: number };
  /** Normalised pixels, NHWC [1, crop, crop, 3] flattened. */
  pixels: Float32Array;
  shape: [1, number, number, 3];
}

/** Runs the whole pipeline on an RGBA image (alpha ignored, as HF converts to RGB). Plain arrays out. */
export function preprocess(img: RgbaImage, cfg: PreprocessConfig = RESNET18_PREPROCESS): PreprocessResult {
  const crop = cfg.shortestEdge;
  // ConvNext: below 384 px, resize to shortest_edge / crop_pct then crop back to shortest_edge.
  const edge = crop < 384 ? Math.trunc(crop / cfg.cropPct) : crop;
  const size = shortestEdgeSize(img.width, img.height, edge);
  const resized = resizeBicubic(img, size.width, size.height);
  const cropped = centerCrop(resized, crop, crop);
  return { original: img, resized, cropped, pixels: normalize(cropped, cfg), shape: [1, crop, crop, 3] };
}

/** The model input tensor NHWC [1, 224, 224, 3] float32 for a preprocessed image. Caller disposes. */
export function toInputTensor(res: PreprocessResult): tf.Tensor4D {
  return tf.tensor4d(res.pixels, res.shape);
}
