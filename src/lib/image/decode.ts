/**
 * Decoding a picture to RGBA pixels at a bounded size: its header is read first (imageSize.ts) and a picture
 * over MAX_DECODE_PIXELS is refused before decoding; otherwise createImageBitmap decodes it already resized to
 * the size asked for (resizeWidth/resizeHeight), and an OffscreenCanvas reads the pixels. Runs in a worker
 * (src/workers/decode.worker.ts), so neither the decode nor the pixel read-back blocks the page.
 * EXIF orientation is applied; colour profiles are not (Pillow ignores them, the model saw raw bytes).
 */
import { imageSize, SNIFF_BYTES, type ImageSize } from './imageSize';

/** 64 megapixels (8000×8000): larger pictures are refused from their header (decoding one takes 256 MB and more). */
export const MAX_DECODE_PIXELS = 64e6;

/** How every picture is decoded: EXIF orientation on, colour profile conversion and premultiplied alpha off. */
export const DECODE_OPTIONS: ImageBitmapOptions = { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** The size to decode to: at most this many pixels, or a longer side of at most this many px (never enlarged). */
export type Fit = { maxPixels: number } | { maxSide: number };

/** RGBA pixels (row-major, 4 bytes per pixel) at the decoded size, and the picture's own size. */
export interface DecodedPicture {
  image: { width: number; height: number; data: Uint8ClampedArray };
  sourceWidth: number;
  sourceHeight: number;
}

/** Output size of a w×h picture under `fit`, aspect kept, at least 1×1. */
export function fitSize(w: number, h: number, fit: Fit): { width: number; height: number } {
  const f = Math.min(1, 'maxPixels' in fit ? Math.sqrt(fit.maxPixels / (w * h)) : fit.maxSide / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * f)), height: Math.max(1, Math.round(h * f)) };
}

/** The plain message for a picture over MAX_DECODE_PIXELS. */
export function tooManyPixels(name: string, w: number, h: number): string {
  return `"${name}" is ${w}×${h} px (${((w * h) / 1e6).toFixed(0)} megapixels); pictures over ${MAX_DECODE_PIXELS / 1e6} megapixels are not decoded here. Scale it down first.`;
}

/** The header's size, or null for a format it does not know; throws a plain Error when it is over the cap. */
export async function checkPictureSize(blob: Blob, name: string): Promise<ImageSize | null> {
  const size = imageSize(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (size && size.width * size.height > MAX_DECODE_PIXELS) throw new Error(tooManyPixels(name, size.width, size.height));
  if (size && (size.width === 0 || size.height === 0)) throw new Error(`"${name}" has no pixels (its header says ${size.width}×${size.height}).`);
  return size;
}

/**
 * Decodes `blob` to RGBA pixels fitted to `fit`: refused from the header when over MAX_DECODE_PIXELS, decoded
 * already resized when the header gave the size. Throws an Error in plain words. Needs OffscreenCanvas.
 */
export async function decodeToFit(blob: Blob, name: string, fit: Fit): Promise<DecodedPicture> {
  const size = await checkPictureSize(blob, name);
  const target = size ? fitSize(size.width, size.height, fit) : null;
  const resize = size && target && target.width < size.width ? { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' as const } : {};
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(blob, { ...DECODE_OPTIONS, ...resize });
  } catch {
    throw new Error(`"${name}" could not be decoded; it may be damaged or in a format this browser cannot read (HEIC often is not).`);
  }
  try {
    const [sw, sh] = size ? [size.width, size.height] : [bmp.width, bmp.height];
    if (!size && sw * sh > MAX_DECODE_PIXELS) throw new Error(tooManyPixels(name, sw, sh));
    const { width, height } = target ?? fitSize(sw, sh, fit);
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('This browser cannot draw pictures on a canvas.');
    ctx.drawImage(bmp, 0, 0, width, height);
    return { image: { width, height, data: ctx.getImageData(0, 0, width, height).data }, sourceWidth: sw, sourceHeight: sh };
  } finally {
    bmp.close();
  }
}
