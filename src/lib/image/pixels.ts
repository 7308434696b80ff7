/**
 * Browser pictures → RGBA pixels (ImageData) for preprocess(): sample URLs, uploaded files (EXIF orientation
 * applied via createImageBitmap's imageOrientation: 'from-image'), and one webcam frame. Pixels are read at
 * full resolution so the PIL-exact resize sees what PIL would; only pictures over MAX_PIXELS are first
 * scaled down by the browser (and the page says so). Colour profiles are NOT applied
 * (colorSpaceConversion 'none'): Pillow ignores them too, and the model was trained on the raw bytes.
 */
import type { RgbaImage } from '../nn';
import { captureWebcamFrame } from './imageSource';

/** 24 megapixels: beyond that, reading the pixels alone takes ~100 MB. */
export const MAX_PIXELS = 24e6;

export interface Picture { image: RgbaImage; name: string; note: string | null }

const DECODE: ImageBitmapOptions = { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

function readPixels(src: CanvasImageSource, w: number, h: number, name: string): Picture {
  const f = Math.min(1, Math.sqrt(MAX_PIXELS / (w * h)));
  const cw = Math.max(1, Math.round(w * f));
  const ch = Math.max(1, Math.round(h * f));
  const canvas = document.createElement('canvas');
  canvas.width = cw;
  canvas.height = ch;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot draw pictures on a canvas.');
  ctx.drawImage(src, 0, 0, cw, ch);
  const note = f < 1 ? `${w}×${h} px is very large; the browser first scaled it to ${cw}×${ch}.` : null;
  return { image: ctx.getImageData(0, 0, cw, ch), name, note };
}

/** A picture from a (relative) URL such as './samples/chelsea.png'. */
export async function pictureFromUrl(url: string): Promise<Picture> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url} (HTTP ${res.status}).`);
  const bmp = await createImageBitmap(await res.blob(), DECODE);
  try { return readPixels(bmp, bmp.width, bmp.height, url.split('/').pop() ?? url); } finally { bmp.close(); }
}

/** A picture the learner chose; EXIF orientation respected. Clear message for non-pictures. */
export async function pictureFromFile(file: File): Promise<Picture> {
  if (file.type && !file.type.startsWith('image/')) {
    throw new Error(`"${file.name}" is not a picture (its type is ${file.type}). Try a JPEG, PNG, WebP or GIF.`);
  }
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(file, DECODE);
  } catch {
    throw new Error(`"${file.name}" could not be decoded; it may be damaged or in a format this browser cannot read (HEIC often is not).`);
  }
  try { return readPixels(bmp, bmp.width, bmp.height, file.name); } finally { bmp.close(); }
}

/** One frame of the default camera (the camera is stopped again at once). */
export async function pictureFromWebcam(): Promise<Picture> {
  const c = await captureWebcamFrame();
  return readPixels(c, c.width, c.height, 'webcam frame');
}

/** The normalised model input of one channel as grey pixels (for the strip): value v ↦ 128 + 40·v. */
export function channelAsImage(pixels: Float32Array, size: number, channel: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const g = 128 + 40 * pixels[i * 3 + channel];
    data.set([g, g, g, 255], i * 4);
  }
  return { width: size, height: size, data };
}
