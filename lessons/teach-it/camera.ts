/**
 * The webcam for "Teach it your classes": open it into a <video>, and grab the square centre of the current frame
 * as side×side RGB (captured.ts's crop and area-average resize, the studio's). Failures come back in plain words.
 */
import { cameraErrorMessage, frameToRgb, squareCrop } from '../../src/lib/data/captured';

/** Opens the camera into `video`; returns the stream (stop its tracks to close) or throws an Error in plain words. */
export async function openCamera(video: HTMLVideoElement): Promise<MediaStream> {
  try {
    const md = globalThis.navigator?.mediaDevices;
    if (!md?.getUserMedia) throw Object.assign(new Error('no mediaDevices'), { name: 'NoMediaDevices' });
    const stream = await md.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    video.srcObject = stream;
    await video.play();
    return stream;
  } catch (e) {
    throw new Error(cameraErrorMessage(e));
  }
}

/** The square centre of `video`'s current frame as side×side RGB (HWC), or null before the first frame. */
export function grabSquare(video: HTMLVideoElement, side: number): Uint8Array | null {
  const { sx, sy, side: s } = squareCrop(video.videoWidth, video.videoHeight);
  if (!s) return null;
  const canvas = video.ownerDocument.createElement('canvas');
  canvas.width = s;
  canvas.height = s;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, sx, sy, s, s, 0, 0, s, s);
  return frameToRgb({ label: 0, rgba: ctx.getImageData(0, 0, s, s).data, side: s }, side);
}

/** RGB HWC → RGBA for canvases and the overlay renderer. */
export function rgbToRgba(rgb: Uint8Array, side: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(side * side * 4);
  for (let k = 0; k < side * side; k++) {
    out[k * 4] = rgb[k * 3];
    out[k * 4 + 1] = rgb[k * 3 + 1];
    out[k * 4 + 2] = rgb[k * 3 + 2];
    out[k * 4 + 3] = 255;
  }
  return out;
}
