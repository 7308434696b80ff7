/**
 * The page's side of synthetic.worker.ts: one request, one reply, then the worker ends. Falls back to building
 * on the calling thread where workers are unavailable (jsdom, Node).
 */
import type { StudioSplit } from '../lib/data/split';
import { syntheticSplit, type SyntheticRequest } from './syntheticSplit';

export type { SyntheticRequest };
/** The worker's answer: the split (buffers transferred), or why it failed. */
export type SyntheticReply = ({ ok: true } & StudioSplit) | { ok: false; message: string };

/** The synthetic dataset (perClass images of each of the 10 classes) split stratified three ways, built in a worker. */
export function buildSyntheticSplit(req: SyntheticRequest): Promise<StudioSplit> {
  if (typeof Worker === 'undefined') return Promise.resolve(syntheticSplit(req));
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./synthetic.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<SyntheticReply>) => {
      w.terminate();
      if (e.data.ok) resolve({ train: e.data.train, val: e.data.val, test: e.data.test });
      else reject(new Error(e.data.message));
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(`The dataset worker failed: ${e.message || 'unknown error'}`));
    };
    w.postMessage(req);
  });
}
