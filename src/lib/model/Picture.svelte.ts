/**
 * The picture the explorer figures share: its name, and its preprocessing for the live weights (original →
 * shortest-edge bicubic resize → centre crop → normalised NHWC pixels). Plain data, no tensors.
 */
import { preprocess, type PreprocessConfig, type PreprocessResult, type RgbaImage } from '../nn';
import { t } from '../i18n/index';

export class PictureState {
  /** The preprocessed picture (its `original` inside), or null before the first one. */
  current = $state.raw<PreprocessResult | null>(null);
  /** File or sample name, e.g. "chelsea.png". */
  name = $state('');
  /** The preprocessing `current` was made with (compared by value, so an equal config costs nothing). */
  #key = '';

  /**
   * Preprocesses img with cfg and makes it the current picture. On failure throws an Error in plain words and
   * keeps the previous picture and name.
   */
  set(img: RgbaImage, name: string, cfg: PreprocessConfig): void {
    let res: PreprocessResult;
    try {
      res = preprocess(img, cfg);
    } catch (e) {
      throw new Error(t('Could not preprocess {name}: {reason}', { name, reason: (e as Error).message }));
    }
    this.current = res;
    this.name = name;
    this.#key = JSON.stringify(cfg);
  }

  /** Redoes the preprocessing when other weights want another one (a 12-megapixel resize is not free). */
  reprocess(cfg: PreprocessConfig): void {
    if (this.current && JSON.stringify(cfg) !== this.#key) this.set(this.current.original, this.name, cfg);
  }
}
