/**
 * One request to a short-lived worker: start it, post the request, take its first reply, end it. Untrusted
 * input (archives, pictures, checkpoints, learner code) is read this way so that a slow or hostile file costs
 * a worker, never the page's main thread; a timeout ends a worker that does not answer.
 */

/** The worker gave no answer within the time allowed, and was terminated. */
export class WorkerTimeout extends Error {
  override name = 'WorkerTimeout';
}

/** How to ask: buffers to transfer with the request, a deadline, and the worker's name for messages. */
export interface AskOptions {
  transfer?: Transferable[];
  /** Milliseconds before the worker is terminated and the promise rejects with WorkerTimeout. */
  timeoutMs?: number;
  /** "The CIFAR-10 reader": how messages name the worker. */
  what: string;
}

/**
 * Starts a worker with `make`, posts `request`, and resolves with the first message it sends back. The worker is
 * terminated after that message, after an error (rejects with Error), or at the deadline (rejects with WorkerTimeout).
 */
export function askWorker<Reply>(make: () => Worker, request: unknown, opts: AskOptions): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const w = make();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = () => { clearTimeout(timer); w.terminate(); };
    const ms = opts.timeoutMs;
    if (ms !== undefined) {
      timer = setTimeout(() => { end(); reject(new WorkerTimeout(`${opts.what} did not finish within ${ms / 1000} s and was stopped`)); }, ms);
    }
    w.onmessage = (e: MessageEvent<Reply>) => { end(); resolve(e.data); };
    w.onmessageerror = () => { end(); reject(new Error(`${opts.what} sent back something that could not be read`)); };
    w.onerror = (e) => { e.preventDefault?.(); end(); reject(new Error(`${opts.what} failed: ${e.message || 'out of memory, or an error in the worker'}`)); };
    w.postMessage(request, opts.transfer ?? []);
  });
}
