/**
 * Evaluates the learner's code from a figure's "code" cell against a given tfjs namespace:
 * `new Function('tf', 'input', 'kernel', code)` inside tf.tidy, then the returned tensor read back as plain
 * numbers. Shared by the code-cell worker (its own tfjs) and the in-process fallback of runUserCode. Never
 * throws: every failure comes back as a message for the page.
 */
import type * as tfc from '@tensorflow/tfjs-core';

/** What a run produced: a tensor's shape and values, or a message saying what went wrong. */
export type CodeResult =
  | { ok: true; shape: number[]; values: Float32Array; ms: number }
  | { ok: false; message: string };

/**
 * Compiles and runs `code` (a function body that must `return` a tensor) with `input` and `kernel` as its
 * arguments — clones, so the code can dispose or mutate nothing of the caller's. Leaks no tensors.
 */
export async function evaluateUserCode(tf: typeof tfc, code: string, input: tfc.Tensor, kernel?: tfc.Tensor): Promise<CodeResult> {
  let fn: (t: typeof tfc, input: tfc.Tensor, kernel: tfc.Tensor | undefined) => unknown;
  try {
    fn = new Function('tf', 'input', 'kernel', code) as typeof fn;
  } catch (err) {
    return { ok: false, message: `The code does not parse: ${(err as Error).message}` };
  }
  const t0 = performance.now();
  let out: unknown;
  try {
    out = tf.tidy(() => {
      const r = fn(tf, input.clone(), kernel?.clone());
      // tidy keeps a returned tensor; anything else is disposed with the scope.
      return r instanceof tf.Tensor ? r : (describe(r) as unknown as tfc.Tensor);
    });
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    return { ok: false, message: /Promise inside of tidy/.test(msg) ? 'The code must return a tensor directly (not a Promise: no async / await here).' : `Error: ${msg}` };
  }
  if (!(out instanceof tf.Tensor)) return { ok: false, message: out as unknown as string };
  try {
    const values = (await out.data()) as Float32Array;
    return { ok: true, shape: out.shape, values: Float32Array.from(values), ms: performance.now() - t0 };
  } catch (err) {
    return { ok: false, message: `Error reading the result: ${(err as Error).message}` };
  } finally {
    out.dispose();
  }
}

/** The message for a result that is not a tensor. */
function describe(r: unknown): string {
  if (r === undefined) return 'The code returned nothing. End it with `return <a tensor>;`.';
  const what = r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r;
  return `The code returned ${what}, not a tensor. Return a tf.Tensor (e.g. \`return tf.conv2d(...)\`).`;
}
