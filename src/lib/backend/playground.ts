/**
 * `window.notebook` — a console playground for learners (open the browser's developer tools) and the hook
 * e2e tests use to run small numeric checks on the page's own backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as nn from '../nn';
import type { Backend } from '../state/Backend.svelte';

/** The playground object: tfjs (already on the chosen backend), the notebook's nn core, the backend state. */
export interface NotebookPlayground {
  tf: typeof tf;
  nn: typeof nn;
  backend: Backend;
}

declare global {
  interface Window {
    notebook?: NotebookPlayground;
  }
}

/** Sets `window.notebook` once the backend is ready. */
export function exposePlayground(backend: Backend): void {
  window.notebook = { tf, nn, backend };
}
