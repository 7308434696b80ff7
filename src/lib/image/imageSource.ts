/**
 * The notebook's one way to get a picture in: a sample photo URL, the learner's own file, or one webcam frame,
 * as an RGB tensor (the lessons' figures) or as full-resolution RGBA pixels (the explorer's preprocess()).
 * URLs and files are decoded the same way: createImageBitmap with EXIF orientation applied and colour profiles
 * NOT applied (colorSpaceConversion 'none') — Pillow ignores them too, and the model was trained on the raw
 * bytes. Every failure becomes an Error whose message is written for the learner (shown in the page as is).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RgbaImage } from '../nn';
import { DECODE_OPTIONS as DECODE, checkPictureSize, type DecodedPicture } from './decode';
import { PictureDecoder, decodeOffThread } from '../../workers/decode';
import { t } from '../i18n/index';

/** Anything a canvas can draw and tfjs can read pixels from. */
export type PictureSource = HTMLImageElement | HTMLCanvasElement | ImageBitmap | HTMLVideoElement;

/** RGBA pixels of a picture, its name, and a note when the browser had to scale it down first. */
export interface Picture { image: RgbaImage; name: string; note: string | null }

/** 24 megapixels: beyond that, reading the pixels alone takes ~100 MB. */
export const MAX_PIXELS = 24e6;

/** Fetches a picture's bytes; plain messages for a failed request or a missing file. */
async function fetchPicture(url: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(t('Could not load the picture {url} (the network request failed).', { url }));
  }
  if (!res.ok) throw new Error(t('Could not load the picture {url} (HTTP {status}).', { url, status: String(res.status) }));
  return res.blob();
}

/** Refuses a file whose type says it is not a picture (some systems give no type at all: the decoder decides then). */
function checkFileType(file: File): void {
  if (file.type && !file.type.startsWith('image/')) {
    throw new Error(t('"{name}" is not a picture (its type is {type}). Try a JPEG, PNG, WebP or GIF.', { name: file.name, type: file.type }));
  }
}

/** Loads and decodes a picture from a (relative) URL, e.g. './samples/chelsea.png'. Caller may close() it. */
export async function loadImageUrl(url: string): Promise<ImageBitmap> {
  const blob = await fetchPicture(url);
  await checkPictureSize(blob, url);
  try {
    return await createImageBitmap(blob, DECODE);
  } catch {
    throw new Error(t('Could not load the picture {url}: it is not an image this browser can read.', { url }));
  }
}

/** Decodes a file the learner picked (EXIF orientation respected); plain messages for files that are not pictures. Caller may close() it. */
export async function loadImageFile(file: File): Promise<ImageBitmap> {
  checkFileType(file);
  await checkPictureSize(file, file.name); // a 20000×20000 picture is refused from its header, not decoded
  try {
    return await createImageBitmap(file, DECODE);
  } catch {
    throw new Error(t('"{name}" could not be decoded; it may be damaged or in a format this browser cannot read (HEIC often is not).', { name: file.name }));
  }
}

/** Turns getUserMedia's errors into words. */
/** The note for a picture the browser scaled down first (sizes as plain digits, as the page shows pixel sizes). */
function scaledNote(w: number, h: number, cw: number, ch: number): string {
  return t('{w}×{h} px is very large; the browser first scaled it to {cw}×{ch}.', { w: String(w), h: String(h), cw: String(cw), ch: String(ch) });
}

function cameraMessage(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return t('Camera access was denied. You can allow it in the browser’s site settings, or use a sample photo or your own file instead.');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return t('No camera was found on this device. Use a sample photo or your own file instead.');
  if (name === 'NotReadableError') return t('The camera is busy in another application. Close it there, or use a photo instead.');
  return t('The camera could not be started ({reason}).', { reason: (err as Error)?.message ?? String(err) });
}

/** Takes one frame from the default camera and stops the camera again. Returns a canvas with the frame. */
export async function captureWebcamFrame(doc: Document = document): Promise<HTMLCanvasElement> {
  const media = doc.defaultView?.navigator.mediaDevices;
  if (!media?.getUserMedia) {
    throw new Error(t('This browser gives no camera access here (cameras need https:// or localhost). Use a sample photo or your own file instead.'));
  }
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({ video: { width: { ideal: 640 } }, audio: false });
  } catch (err) {
    throw new Error(cameraMessage(err));
  }
  try {
    const video = doc.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    const canvas = doc.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    return canvas;
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}

/** Natural size [width, height] of a source. */
function sizeOf(s: PictureSource): [number, number] {
  if (s instanceof HTMLImageElement) return [s.naturalWidth, s.naturalHeight];
  if (s instanceof HTMLVideoElement) return [s.videoWidth, s.videoHeight];
  return [s.width, s.height];
}

/** Draws the source scaled by f ≤ 1 onto a new canvas; the canvas's 2-D context is returned. */
function drawScaled(source: PictureSource, f: number, doc: Document, willReadFrequently = false): CanvasRenderingContext2D {
  const [w0, h0] = sizeOf(source);
  if (!w0 || !h0) throw new Error(t('The picture has no pixels (width or height is 0).'));
  const canvas = doc.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w0 * f));
  canvas.height = Math.max(1, Math.round(h0 * f));
  const ctx = canvas.getContext('2d', { willReadFrequently });
  if (!ctx) throw new Error(t('This browser cannot draw pictures on a canvas.'));
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return ctx;
}

/**
 * Draws the source scaled so its longer side is at most `maxSide` px (never enlarged) and reads it as an RGB
 * tensor [H,W,3], float32 in 0..1. Caller disposes.
 */
export function pictureToTensor(source: PictureSource, maxSide: number, doc: Document = document): tf.Tensor3D {
  const [w0, h0] = sizeOf(source);
  const ctx = drawScaled(source, Math.min(1, maxSide / Math.max(w0, h0)), doc);
  return tf.tidy(() => tf.div(tf.browser.fromPixels(ctx.canvas, 3).toFloat(), 255) as tf.Tensor3D);
}

/**
 * Full-resolution RGBA pixels of a source for preprocess() (the PIL-exact resize must see what PIL would);
 * only a picture over MAX_PIXELS is first scaled down by the browser, and the note says so.
 */
export function pictureOf(source: PictureSource, name: string, doc: Document = document): Picture {
  const [w, h] = sizeOf(source);
  const f = Math.min(1, Math.sqrt(MAX_PIXELS / (w * h)));
  const ctx = drawScaled(source, f, doc, true);
  const { width: cw, height: ch } = ctx.canvas;
  const note = f < 1 ? scaledNote(w, h, cw, ch) : null;
  return { image: ctx.getImageData(0, 0, cw, ch), name, note };
}

/** Decodes, reads the pixels, and closes the bitmap whatever happens. */
async function pictureOfBitmap(decode: Promise<ImageBitmap>, name: string): Promise<Picture> {
  const bmp = await decode;
  try { return pictureOf(bmp, name); } finally { bmp.close(); }
}

/** A picture decoded in the decode worker, scaled to MAX_PIXELS by the decoder when larger (and the note says so). */
function pictureOfDecoded(d: DecodedPicture, name: string): Picture {
  const { width: w, height: h } = d.image;
  const note = w < d.sourceWidth ? scaledNote(d.sourceWidth, d.sourceHeight, w, h) : null;
  return { image: d.image, name, note };
}

/** A picture from a (relative) URL such as './samples/chelsea.png'; decoded in a worker where there is one. */
export async function pictureFromUrl(url: string): Promise<Picture> {
  const name = url.split('/').pop() ?? url;
  if (!PictureDecoder.available) return pictureOfBitmap(loadImageUrl(url), name);
  return pictureOfDecoded(await decodeOffThread(await fetchPicture(url), name, { maxPixels: MAX_PIXELS }), name);
}

/**
 * A picture the learner chose; EXIF orientation respected; clear message for non-pictures and for pictures
 * over MAX_DECODE_PIXELS. Decoded in a worker where there is one, so a huge photo never freezes the page.
 */
export async function pictureFromFile(file: File): Promise<Picture> {
  if (!PictureDecoder.available) return pictureOfBitmap(loadImageFile(file), file.name);
  checkFileType(file);
  return pictureOfDecoded(await decodeOffThread(file, file.name, { maxPixels: MAX_PIXELS }), file.name);
}

/** One frame of the default camera (the camera is stopped again at once). */
export async function pictureFromWebcam(): Promise<Picture> {
  return pictureOf(await captureWebcamFrame(), 'webcam frame');
}

/** One channel of a normalised model input [size,size,3] (HWC) as grey pixels for the preprocessing strip: v ↦ 128 + 40·v. */
export function channelAsImage(pixels: Float32Array, size: number, channel: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const g = 128 + 40 * pixels[i * 3 + channel];
    data.set([g, g, g, 255], i * 4);
  }
  return { width: size, height: size, data };
}
