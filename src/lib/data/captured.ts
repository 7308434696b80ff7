/**
 * Webcam frames as a dataset: the square centre crop of each frame, resized (area average) to size×size RGB,
 * labelled by the class whose button captured it. Pure functions over plain arrays; the camera itself lives in
 * src/lib/state/WebcamCapture.svelte.ts.
 */
import type { ImageDataset } from './dataset';
import { resizeToRgb } from './resize';
import { MIN_PER_CLASS } from './split';
import { t } from '../i18n/index';

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

/** Frames each class needs: MIN_PER_CLASS.train to train on and MIN_PER_CLASS.val to validate on after the split. */
export const MIN_FRAMES_PER_CLASS = MIN_PER_CLASS.train + MIN_PER_CLASS.val;

/**
 * Packs frames (already size×size RGB) into an ImageDataset in capture order. Class names are compared in
 * Unicode NFC without surrounding spaces, so "café" typed two ways (é, or e + ◌́) is one class. Throws an Error
 * saying what is missing unless at least two named classes exist and every class has MIN_FRAMES_PER_CLASS frames.
 */
export function capturedDataset(frames: { label: number; rgb: Uint8Array }[], classNames: string[], size: number): ImageDataset {
  const names = classNames.map((n) => n.normalize('NFC').trim());
  if (names.includes('')) throw new Error('Give every class a name.');
  const unique = [...new Set(names)];
  const labelOf = names.map((n) => unique.indexOf(n));
  if (unique.length < 2) throw new Error('Add at least two classes (with different names).');
  const counts = unique.map((_, c) => frames.filter((f) => labelOf[f.label] === c).length);
  const short = unique.filter((_, c) => counts[c] < MIN_FRAMES_PER_CLASS);
  if (short.length) {
    throw new Error(`Capture at least ${MIN_FRAMES_PER_CLASS} frames of every class, ${MIN_PER_CLASS.train} to train on and ` +
      `${MIN_PER_CLASS.val} to validate (${short.join(', ')} ${short.length === 1 ? 'has' : 'have'} fewer).`);
  }
  const px = size * size * 3;
  const images = new Uint8Array(frames.length * px);
  frames.forEach((f, i) => images.set(f.rgb, i * px));
  return { images, labels: Uint8Array.from(frames, (f) => labelOf[f.label]), height: size, width: size, classNames: unique };
}

/** A clear sentence, in the page's language, for a failed getUserMedia (DOMException names) or a browser without camera access. */
export function cameraErrorMessage(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return t('No camera was found. Connect one (or use a folder of images instead).');
  }
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') {
    return t("Camera access was refused. Allow it in the browser's site settings and try again, or use a folder of images.");
  }
  if (name === 'NotReadableError' || name === 'AbortError') return t('The camera is busy or could not start (another application may be using it).');
  if (name === 'NoMediaDevices') return t('This browser offers no camera access here (it needs https or localhost).');
  return t('The camera could not be opened: {reason}', { reason: (e as Error)?.message ?? String(e) });
}
