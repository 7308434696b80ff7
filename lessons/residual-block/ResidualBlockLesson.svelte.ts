import { computeBlockLesson, type BlockLessonResult } from './blockLesson';
import { loadImageUrl, pictureToTensor } from '../../src/lib/image/imageSource';
import { t } from '../../src/lib/i18n/index';

/** Sample photos the block lesson offers (public/samples, with their licences there). */
export const BLOCK_SAMPLES = [
  { url: './samples/chelsea.png', get name() { return t('Cat'); } },
  { url: './samples/coffee.png', get name() { return t('Coffee'); } },
  { url: './samples/astronaut.png', get name() { return t('Astronaut'); } },
] as const;

/** Longer side of the photo fed to the stem (the stem divides by 4: 224 px → 56 px feature maps). */
const MAX_SIDE = 224;

/**
 * State of the residual-block lesson, shared by its figures: which photo, and every map the lesson draws
 * (plain arrays, $state.raw). Computing is async and guarded so a slow photo cannot overwrite a newer one.
 */
export class ResidualBlockLesson {
  picture = $state<string>(BLOCK_SAMPLES[0].url);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  /** Why the last photo failed (the library's words); the sentence around it is worded when read. */
  #failure = $state<string | null>(null);
  result = $state.raw<BlockLessonResult | null>(null);
  #version = 0;

  /** The last failure in plain words, in the page's current language; null when the photo computed. */
  get error(): string | null {
    return this.#failure === null ? null : t('Could not compute the block for this picture: {reason}', { reason: this.#failure });
  }

  /** Computes everything for a photo (default: the current one). Errors land in `error`; old maps stay. */
  async load(url: string = this.picture): Promise<void> {
    const version = ++this.#version;
    this.picture = url;
    this.status = 'loading';
    this.#failure = null;
    try {
      const img = await loadImageUrl(url);
      const x = pictureToTensor(img, MAX_SIDE);
      let r: BlockLessonResult;
      try {
        r = await computeBlockLesson(x);
      } finally {
        x.dispose();
      }
      if (version !== this.#version) return;
      this.result = r;
      this.status = 'ready';
    } catch (e) {
      if (version !== this.#version) return;
      this.status = 'error';
      this.#failure = e instanceof Error ? e.message : String(e);
    }
  }

  /** Computes once if nothing is there yet (figures call this on mount). */
  ensure(): void {
    if (this.status === 'idle') void this.load();
  }
}
