/**
 * Reads the learner's CIFAR-10 files (an archive, or loose batches) off the main thread: inflating 170 MB and
 * converting 60,000 records would otherwise freeze the page for seconds, and a hostile archive would take the
 * page's memory instead of this worker's. Replies with the datasets, their buffers transferred.
 */
import { loadCifarUpload, type CifarLoad } from '../lib/data/cifarBinary';
import { cifarTransfers, type CifarRequest } from './cifar';

const ctx = self as unknown as { postMessage(m: CifarLoad, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<CifarRequest>) => void) | null };

ctx.onmessage = async (e) => {
  const res = await loadCifarUpload(e.data.files);
  ctx.postMessage(res, cifarTransfers(res));
};
