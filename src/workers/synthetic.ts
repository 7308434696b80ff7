/**
 * The page's side of synthetic.worker.ts: one request, one reply, then the worker ends. Falls back to building
 * on the calling thread where workers are unavailable (jsdom, Node).
 */
import type { ImageDataset } from '../lib/data/dataset';
import { makeSyntheticDataset } from '../lib/data/synthetic';
import { stratifiedSplit } from '../lib/data/split';

/** What to build: the synthetic generator's perClass and seed, and the split's validation fraction and seed. */
export interface SyntheticRequest { perClass: number; seed: number; valFraction: number; splitSeed: number }
/** The worker's answer: the split (buffers transferred), or why it failed. */
export type SyntheticReply = { ok: true; train: ImageDataset; val: ImageDataset } | { ok: false; message: string };

/** The synthetic dataset (perClass images of each of the 10 classes) split stratified, built in a worker. */
export function buildSyntheticSplit(req: SyntheticRequest): Promise<{ train: ImageDataset; val: ImageDataset }> {
  if (typeof Worker === 'undefined') {
    return Promise.resolve(stratifiedSplit(makeSyntheticDataset({ perClass: req.perClass, seed: req.seed }), req.valFraction, req.splitSeed));
  }
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./synthetic.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<SyntheticReply>) => {
      w.terminate();
      if (e.data.ok) resolve({ train: e.data.train, val: e.data.val });
      else reject(new Error(e.data.message));
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(`The dataset worker failed: ${e.message || 'unknown error'}`));
    };
    w.postMessage(req);
  });
}
