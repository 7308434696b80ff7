/**
 * Webcam capture for the studio's own dataset: opens the camera (getUserMedia), grabs the square centre crop
 * of the current frame for a class, and turns the captured frames into a dataset. Owns the MediaStream: call
 * close() when done (the component does on unmount).
 */
import { capturedDataset, cameraErrorMessage, frameToRgb, squareCrop } from '../../src/lib/data/captured';
import type { ImageDataset } from '../../src/lib/data/dataset';
import { t } from '../../src/lib/i18n/index';

export class WebcamCapture {
  /** The learner's editable names, worded once in the page's language (they are data from then on, like typed names). */
  classNames = $state<string[]>([t('class {n}', { n: 1 }), t('class {n}', { n: 2 })]);
  /** Frames per class (reactive copy of the counts of `#frames`). */
  counts = $state<number[]>([0, 0]);
  live = $state(false);
  error = $state<string | null>(null);
  #frames: { label: number; rgb: Uint8Array }[] = [];
  #stream: MediaStream | null = null;

  constructor(readonly size = 32) {}

  /** Opens the camera into `video`; on failure sets `error` to a clear sentence (never throws). */
  async open(video: HTMLVideoElement): Promise<void> {
    this.error = null;
    try {
      const md = globalThis.navigator?.mediaDevices;
      if (!md?.getUserMedia) throw Object.assign(new Error('no mediaDevices'), { name: 'NoMediaDevices' });
      this.#stream = await md.getUserMedia({ video: { width: { ideal: 320 }, height: { ideal: 240 } }, audio: false });
      video.srcObject = this.#stream;
      await video.play();
      this.live = true;
    } catch (e) {
      this.close();
      this.error = cameraErrorMessage(e);
    }
  }

  /** Grabs the current frame of `video` for class `label` (square centre crop, resized to size×size). */
  capture(video: HTMLVideoElement, label: number): void {
    const { sx, sy, side } = squareCrop(video.videoWidth, video.videoHeight);
    if (!side) return;
    const canvas = video.ownerDocument.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.drawImage(video, sx, sy, side, side, 0, 0, side, side);
    const rgba = ctx.getImageData(0, 0, side, side).data;
    this.#frames.push({ label, rgb: frameToRgb({ label, rgba, side }, this.size) });
    this.counts[label] += 1;
  }

  /** Adds a class named 'class N' with no frames. */
  addClass(): void {
    this.classNames.push(t('class {n}', { n: this.classNames.length + 1 }));
    this.counts.push(0);
  }

  /** The captured frames as a dataset; throws an Error saying what is missing (see capturedDataset). */
  toDataset(): ImageDataset {
    return capturedDataset(this.#frames, $state.snapshot(this.classNames), this.size);
  }

  /** Stops the camera. */
  close(): void {
    this.#stream?.getTracks().forEach((t) => t.stop());
    this.#stream = null;
    this.live = false;
  }
}
