/**
 * Runs the learner's edited code from a figure's "code" cell. In the browser it runs in a throwaway worker
 * (src/workers/codecell.ts) with its own tfjs and copies of the figure's tensors, stopped after
 * CODE_TIMEOUT_MS: typed code cannot reach the page's model, hang the tab, or leak the page's tensors.
 * Where there are no workers (Node, jsdom tests) it runs in-process on clones (evaluate.ts). Never throws.
 */
import * as tf from '@tensorflow/tfjs-core';
import { evaluateUserCode, type CodeResult } from './evaluate';
import { runInCodeWorker, type PlainTensor } from '../../workers/codecell';

export type { CodeResult } from './evaluate';

/** Named tensors the code sees as `input` and `kernel` (the caller keeps ownership). */
export interface CodeArgs {
  input: tf.Tensor;
  /** Absent for figures without weights (pooling): `kernel` is then undefined in the code. */
  kernel?: tf.Tensor;
}

async function plain(t: tf.Tensor): Promise<PlainTensor> {
  return { shape: t.shape.slice(), data: Float32Array.from((await t.data()) as Float32Array) };
}

/** Compiles and runs `code` (a function body that must `return` a tensor). Leaks no tensors; disposes none of args. */
export async function runUserCode(code: string, args: CodeArgs): Promise<CodeResult> {
  if (typeof Worker === 'undefined') return evaluateUserCode(tf, code, args.input, args.kernel);
  const input = await plain(args.input);
  const kernel = args.kernel ? await plain(args.kernel) : undefined;
  return runInCodeWorker({ code, input, kernel });
}
