/**
 * Builds the synthetic dataset and its stratified split off the main thread (a 1,000-image set takes a few
 * hundred ms of pure CPU: as a main-thread task it would freeze the page). Replies with plain arrays whose
 * buffers are transferred, not copied.
 */
import { makeSyntheticDataset } from '../lib/data/synthetic';
import { stratifiedSplit } from '../lib/data/split';
import type { SyntheticReply, SyntheticRequest } from './synthetic';

const ctx = self as unknown as { postMessage(m: SyntheticReply, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<SyntheticRequest>) => void) | null };

ctx.onmessage = (e) => {
  const { perClass, seed, valFraction, splitSeed } = e.data;
  try {
    const { train, val } = stratifiedSplit(makeSyntheticDataset({ perClass, seed }), valFraction, splitSeed);
    ctx.postMessage({ ok: true, train, val }, [train.images.buffer, train.labels.buffer, val.images.buffer, val.labels.buffer]);
  } catch (err) {
    ctx.postMessage({ ok: false, message: (err as Error).message }, []);
  }
};
