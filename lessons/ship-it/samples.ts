/**
 * The sample photos (public/samples) preprocessed for the live weights, as plain NHWC arrays. Kept per
 * preprocessing recipe so the lesson's figures decode each photo once.
 */
import { preprocess, type PreprocessConfig, type ResNet18 } from '../../src/lib/nn';
import type { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
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

/**
 * One figure's recomputation on the live weights and the sample photos. Call the returned function inside an
 * $effect: it reads the weights' version and preprocessing there (so new weights rerun it), and only the newest
 * run reports — a slower, older one never overwrites it.
 */
export function newestOnSamples<T>(
  compute: (resnet: ResNet18, samples: SampleSet) => Promise<T>,
  report: (result: { ok: true; value: T } | { ok: false; message: string }) => void,
): (model: LoadedModel) => void {
  let ticket = 0;
  return (model) => {
    void model.version;
    const cfg = model.preprocess;
    const mine = ++ticket;
    void (async () => {
      try {
        const value = await compute(model.resnet, await loadSamples(cfg));
        if (mine === ticket) report({ ok: true, value });
      } catch (e) {
        if (mine === ticket) report({ ok: false, message: (e as Error).message });
      }
    })();
  };
}
