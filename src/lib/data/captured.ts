/**
 * Webcam frames as a dataset: the square centre crop of each frame, resized (area average) to size×size RGB,
 * labelled by the class whose button captured it. Pure functions over plain arrays; the camera itself lives in
 * src/lib/state/WebcamCapture.svelte.ts.
 */
import type { ImageDataset } from './dataset';
import { resizeToRgb } from './resize';

/** The largest centred square of a width×height frame: source offset and side, for drawImage. */
export function squareCrop(width: number, height: number): { sx: number; sy: number; side: number } {
  const side = Math.min(width, height);
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side };
}

/** One captured frame: RGBA pixels of the square crop (side×side) and its class index. */
export interface CapturedFrame { label: number; rgba: ArrayLike<number>; side: number }

/** A frame's crop resized to size×size RGB uint8 (HWC). */
export function frameToRgb(f: CapturedFrame, size: number): Uint8Array {
  return resizeToRgb(f.rgba, f.side, f.side, 4, size);
}

/**
 * Packs frames (already size×size RGB) into an ImageDataset in capture order. Throws an Error saying what is
 * missing unless at least two classes exist and every class has at least 2 frames (one can go to validation).
 */
export function capturedDataset(frames: { label: number; rgb: Uint8Array }[], classNames: string[], size: number): ImageDataset {
  const counts = classNames.map((_, c) => frames.filter((f) => f.label === c).length);
  if (classNames.length < 2) throw new Error('Add at least two classes.');
  const short = classNames.filter((_, c) => counts[c] < 2);
  if (short.length) throw new Error(`Capture at least 2 frames of every class (${short.join(', ')} ${short.length === 1 ? 'has' : 'have'} fewer).`);
  const px = size * size * 3;
  const images = new Uint8Array(frames.length * px);
  frames.forEach((f, i) => images.set(f.rgb, i * px));
  return { images, labels: Uint8Array.from(frames, (f) => f.label), height: size, width: size, classNames: classNames.slice() };
}

/** A clear sentence for a failed getUserMedia (DOMException names) or a browser without camera access. */
export function cameraErrorMessage(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return 'No camera was found. Connect one (or use a folder of images instead).';
  }
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') {
    return 'Camera access was refused. Allow it in the browser\'s site settings and try again, or use a folder of images.';
  }
  if (name === 'NotReadableError' || name === 'AbortError') return 'The camera is busy or could not start (another application may be using it).';
  if (name === 'NoMediaDevices') return 'This browser offers no camera access here (it needs https or localhost).';
  return `The camera could not be opened: ${(e as Error)?.message ?? String(e)}`;
}
