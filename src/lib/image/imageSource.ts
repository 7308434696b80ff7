/**
 * Getting a picture into the notebook: a sample photo URL, the learner's own file, or one webcam frame.
 * Every failure becomes an Error whose message is written for the learner (shown in the page as is).
 * Reusable by any lesson that takes a photo.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Anything a canvas can draw and tfjs can read pixels from. */
export type PictureSource = HTMLImageElement | HTMLCanvasElement | ImageBitmap | HTMLVideoElement;

/** Loads an image from a (relative) URL, e.g. './samples/chelsea.png'. */
export function loadImageUrl(url: string, doc: Document = document): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = doc.createElement('img');
    img.decoding = 'async';
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`Could not load the picture ${url} (missing or not an image).`));
    img.src = url;
  });
}

/** Decodes a file the learner picked; rejects with a plain message for files that are not pictures. */
export async function loadImageFile(file: File): Promise<ImageBitmap> {
  if (!file.type.startsWith('image/')) {
    throw new Error(`"${file.name}" is not a picture (its type is ${file.type || 'unknown'}). Try a PNG or JPEG.`);
  }
  try {
    return await createImageBitmap(file);
  } catch {
    throw new Error(`"${file.name}" could not be decoded as a picture; it may be damaged or in a format this browser cannot read.`);
  }
}

/** Turns getUserMedia's errors into words. */
function cameraMessage(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Camera access was denied. You can allow it in the browser’s site settings, or use a sample photo or your own file instead.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found on this device. Use a sample photo or your own file instead.';
  if (name === 'NotReadableError') return 'The camera is busy in another application. Close it there, or use a photo instead.';
  return `The camera could not be started (${(err as Error)?.message ?? String(err)}).`;
}

/** Takes one frame from the default camera and stops the camera again. Returns a canvas with the frame. */
export async function captureWebcamFrame(doc: Document = document): Promise<HTMLCanvasElement> {
  const media = doc.defaultView?.navigator.mediaDevices;
  if (!media?.getUserMedia) {
    throw new Error('This browser gives no camera access here (cameras need https:// or localhost). Use a sample photo or your own file instead.');
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

/** Natural size of a source. */
function sizeOf(s: PictureSource): [number, number] {
  if (s instanceof HTMLImageElement) return [s.naturalWidth, s.naturalHeight];
  if (s instanceof HTMLVideoElement) return [s.videoWidth, s.videoHeight];
  return [s.width, s.height];
}

/**
 * Draws the source scaled so its longer side is at most `maxSide` px (never enlarged) and reads it as an RGB
 * tensor [H,W,3], float32 in 0..1. Caller disposes.
 */
export function pictureToTensor(source: PictureSource, maxSide: number, doc: Document = document): tf.Tensor3D {
  const [w0, h0] = sizeOf(source);
  if (!w0 || !h0) throw new Error('The picture has no pixels (width or height is 0).');
  const f = Math.min(1, maxSide / Math.max(w0, h0));
  const canvas = doc.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w0 * f));
  canvas.height = Math.max(1, Math.round(h0 * f));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw pictures on a canvas.');
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return tf.tidy(() => tf.div(tf.browser.fromPixels(canvas, 3).toFloat(), 255) as tf.Tensor3D);
}
