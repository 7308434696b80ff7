/**
 * The page's side of cifar.worker.ts: one drop of CIFAR-10 files in, the train/test datasets out, read in a
 * short-lived worker. Reads on the calling thread where workers are unavailable (jsdom, Node).
 */
import { loadCifarUpload, type CifarLoad } from '../lib/data/cifarBinary';
import { askWorker } from './oneShot';

/** The dropped files (File objects are sent to the worker, not read here). */
export interface CifarRequest { files: File[] }

/** The buffers of a load's datasets, to transfer rather than copy. */
export function cifarTransfers(res: CifarLoad): Transferable[] {
  return [res.train, res.test].flatMap((d) => (d ? [d.images.buffer, d.labels.buffer] : []));
}

/** Reads CIFAR-10 files (see loadCifarUpload) in a worker; never throws for bad files, only if the worker dies. */
export function loadCifarOffThread(files: File[]): Promise<CifarLoad> {
  if (typeof Worker === 'undefined') return loadCifarUpload(files);
  return askWorker<CifarLoad>(() => new Worker(new URL('./cifar.worker.ts', import.meta.url), { type: 'module' }), { files } satisfies CifarRequest, { what: 'The CIFAR-10 reader' });
}
