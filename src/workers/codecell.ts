/**
 * The page's side of codecell.worker.ts: each run of a code cell gets a fresh worker, the figure's tensors as
 * plain arrays, and CODE_TIMEOUT_MS from the moment the worker is ready; then the worker is terminated, whatever
 * the code did (an endless loop, leaked tensors, timers).
 */
import { codeFailure as t, type CodeResult } from '../lib/codecell/evaluate';

/** A tensor as plain numbers: row-major values and their shape. */
export interface PlainTensor { shape: number[]; data: Float32Array }
/** One run: the code and copies of the figure's tensors. */
export interface CodeJob { code: string; input: PlainTensor; kernel?: PlainTensor }
/** The worker's messages: ready (tfjs started), then one result. */
export type FromCodeWorker = { type: 'ready' } | { type: 'result'; result: CodeResult };

/** How long learner code may run: long enough for any figure's call on the cpu backend, short enough to wait for. */
export const CODE_TIMEOUT_MS = 4000;
/** How long the worker may take to load and start tfjs before the run is given up. */
const START_TIMEOUT_MS = 30_000;

/** A reply must look like a CodeResult: user code can post messages too. */
function isResult(r: unknown): r is CodeResult {
  const c = r as Partial<CodeResult> | null;
  if (!c || typeof c !== 'object') return false;
  return c.ok === false ? typeof c.message === 'string'
    : c.ok === true && Array.isArray(c.shape) && c.values instanceof Float32Array && typeof c.ms === 'number';
}

/** Runs `job` in a throwaway worker; resolves with its result, or a message for a timeout or a failed worker. */
export function runInCodeWorker(job: CodeJob, timeoutMs = CODE_TIMEOUT_MS): Promise<CodeResult> {
  return new Promise((resolve) => {
    const w = new Worker(new URL('./codecell.worker.ts', import.meta.url), { type: 'module' });
    let timer = setTimeout(() => done(t('The code runner did not start (the worker failed to load).')), START_TIMEOUT_MS);
    function done(r: CodeResult): void {
      clearTimeout(timer);
      w.terminate();
      resolve(r);
    }
    w.onmessage = (e: MessageEvent<FromCodeWorker>) => {
      if (e.data?.type === 'ready') {
        clearTimeout(timer);
        timer = setTimeout(() => done(t('The code ran for more than {seconds} s and was stopped (an endless loop?). The page and its model are unaffected.', { seconds: String(timeoutMs / 1000) })), timeoutMs);
        w.postMessage(job, [job.input.data.buffer, ...(job.kernel ? [job.kernel.data.buffer] : [])]);
      } else if (e.data?.type === 'result' && isResult(e.data.result)) done(e.data.result);
      else done(t('The code sent back something that is not a result.'));
    };
    w.onerror = (e) => { e.preventDefault(); done(t('Error: {reason}', { reason: e.message || 'the code runner failed' })); };
  });
}
