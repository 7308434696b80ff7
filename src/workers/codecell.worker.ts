/**
 * Runs one piece of learner-typed code from a code cell, then is thrown away. It has its own tfjs (cpu
 * backend) and gets copies of the figure's tensors as plain arrays, so `tf.disposeVariables()`, `tf.keep`,
 * `tf.variable` or a stray setTimeout touch nothing of the page; the page terminates it on a timeout, so
 * `while (true) {}` costs nothing but this worker. Before the code runs, the network and storage APIs are
 * removed from this scope (a page CSP does not reach a worker loaded from a URL).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { evaluateUserCode } from '../lib/codecell/evaluate';
import type { CodeJob, FromCodeWorker } from './codecell';

const post = (m: FromCodeWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Every way out of this worker but postMessage: fetch, sockets, other workers, storage, importScripts. */
const WAYS_OUT = ['fetch', 'XMLHttpRequest', 'WebSocket', 'WebTransport', 'EventSource', 'importScripts', 'Worker', 'SharedWorker',
  'BroadcastChannel', 'indexedDB', 'caches', 'RTCPeerConnection', 'FileReaderSync'];

function closeWaysOut(): void {
  for (let o: object | null = self; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of WAYS_OUT) {
      try { Object.defineProperty(o, name, { value: undefined, writable: false, configurable: false }); } catch { /* not there */ }
    }
  }
}

self.onmessage = async (e: MessageEvent<CodeJob>) => {
  const { code, input, kernel } = e.data;
  closeWaysOut();
  const x = tf.tensor(input.data, input.shape);
  const k = kernel ? tf.tensor(kernel.data, kernel.shape) : undefined;
  const result = await evaluateUserCode(tf, code, x, k);
  post({ type: 'result', result }, result.ok ? [result.values.buffer] : []);
};

void tf.setBackend('cpu').then(() => tf.ready()).then(() => post({ type: 'ready' }));
