/**
 * Builds the synthetic dataset and its stratified train / validation / test split off the main thread (a 1,000-image set takes a few
 * hundred ms of pure CPU: as a main-thread task it would freeze the page). Replies with plain arrays whose
 * buffers are transferred, not copied.
 */
import { syntheticSplit, type SyntheticRequest } from './syntheticSplit';
import type { SyntheticReply } from './synthetic';

const ctx = self as unknown as { postMessage(m: SyntheticReply, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<SyntheticRequest>) => void) | null };

ctx.onmessage = (e) => {
  try {
    const { train, val, test } = syntheticSplit(e.data);
    ctx.postMessage({ ok: true, train, val, test }, [train, val, test].flatMap((d) => [d.images.buffer, d.labels.buffer]));
  } catch (err) {
    ctx.postMessage({ ok: false, message: (err as Error).message }, []);
  }
};
