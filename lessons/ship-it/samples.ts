/**
 * The sample photos (public/samples) preprocessed for the live weights, as plain NHWC arrays. Kept per
 * preprocessing recipe so the lesson's figures decode each photo once.
 */
import { preprocess, type PreprocessConfig } from '../../src/lib/nn';
import { pictureFromUrl } from '../../src/lib/image/imageSource';
import { EXPLORER_SAMPLES } from '../run-it/lesson';
import type { SampleSet } from './logits';

export type { SampleSet } from './logits';

const cache = new Map<string, Promise<SampleSet>>();

/** The sample photos preprocessed with `cfg` (decoded once per recipe). */
export function loadSamples(cfg: PreprocessConfig): Promise<SampleSet> {
  const key = JSON.stringify(cfg);
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const pics = await Promise.all(EXPLORER_SAMPLES.map((s) => pictureFromUrl(s.url)));
      const done = pics.map((pic) => preprocess(pic.image, cfg));
      return { names: EXPLORER_SAMPLES.map((s) => s.label), images: done.map((d) => d.pixels), size: done[0].shape[1] };
    })();
    p.catch(() => cache.delete(key)); // a failed fetch may work next time
    cache.set(key, p);
  }
  return p;
}
