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

/** Reads a HF preprocessor_config.json; throws a clear Error for anything this pipeline cannot do. */
export function parsePreprocessorConfig(json: unknown): PreprocessConfig {
  const j = json as Record<string, unknown>;
  if (!j || typeof j !== 'object') throw new Error('preprocessor_config.json is not a JSON object');
  const size = j.size as Record<string, unknown> | undefined;
  const edge = typeof size?.shortest_edge === 'number' ? size.shortest_edge : RESNET18_PREPROCESS.shortestEdge;
  if (j.resample !== undefined && j.resample !== 3) {
    throw new Error(`preprocessor_config.json asks for resample=${String(j.resample)}; only 3 (bicubic) is implemented`);
  }
  const triple = (v: unknown, d: [number, number, number]): [number, number, number] =>
    Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number') ? (v as [number, number, number]) : d;
  return {
    shortestEdge: edge,
    cropPct: typeof j.crop_pct === 'number' ? j.crop_pct : RESNET18_PREPROCESS.cropPct,
    rescale: typeof j.rescale_factor === 'number' ? j.rescale_factor : RESNET18_PREPROCESS.rescale,
    mean: triple(j.image_mean, RESNET18_PREPROCESS.mean),
    std: triple(j.image_std, RESNET18_PREPROCESS.std),
  };
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
