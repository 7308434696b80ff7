/**
 * Evaluates the learner's code from a figure's "code" cell against a given tfjs namespace:
 * `new Function('tf', 'input', 'kernel', code)` inside tf.tidy, then the returned tensor read back as plain
 * numbers. Shared by the code-cell worker (its own tfjs) and the in-process fallback of runUserCode. Never
 * throws: every failure comes back as a message for the page.
 */
import type * as tfc from '@tensorflow/tfjs-core';

/** A failure's English template and its values, so the page can word it in its own language (CodeCell). */
export interface CodeWords { key: string; params?: Record<string, string> }

/** What a run produced: a tensor's shape and values, or a message saying what went wrong (English, and its words). */
export type CodeResult =
  | { ok: true; shape: number[]; values: Float32Array; ms: number }
  | { ok: false; message: string; words?: CodeWords };

/**
 * A failure worded in English with its template kept for the page's translation. The worker has no catalogue;
 * callers name it `t` so test/i18n/catalog.test.ts finds the templates as keys.
 */
export function codeFailure(key: string, params?: Record<string, string>): { ok: false; message: string; words: CodeWords } {
  const message = key.replace(/\{(\w+)\}/g, (m, k: string) => params?.[k] ?? m);
  return { ok: false, message, words: { key, params } };
}
const t = codeFailure;

/**
 * Compiles and runs `code` (a function body that must `return` a tensor) with `input` and `kernel` as its
 * arguments — clones, so the code can dispose or mutate nothing of the caller's. Leaks no tensors.
 */
export async function evaluateUserCode(tf: typeof tfc, code: string, input: tfc.Tensor, kernel?: tfc.Tensor): Promise<CodeResult> {
  let fn: (t: typeof tfc, input: tfc.Tensor, kernel: tfc.Tensor | undefined) => unknown;
  try {
    fn = new Function('tf', 'input', 'kernel', code) as typeof fn;
  } catch (err) {
    return t('The code does not parse: {reason}', { reason: (err as Error).message });
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
    return /Promise inside of tidy/.test(msg) ? t('The code must return a tensor directly (not a Promise: no async / await here).') : t('Error: {reason}', { reason: msg });
  }
  if (!(out instanceof tf.Tensor)) return out as unknown as CodeResult;
  try {
    const values = (await out.data()) as Float32Array;
    return { ok: true, shape: out.shape, values: Float32Array.from(values), ms: performance.now() - t0 };
  } catch (err) {
    return t('Error reading the result: {reason}', { reason: (err as Error).message });
  } finally {
    out.dispose();
  }
}

/** The failure for a result that is not a tensor. */
function describe(r: unknown): CodeResult {
  if (r === undefined) return t('The code returned nothing. End it with `return <a tensor>;`.');
  if (r === null) return t('The code returned null, not a tensor. Return a tf.Tensor (e.g. `return tf.conv2d(...)`).');
  if (Array.isArray(r)) return t('The code returned an array, not a tensor. Return a tf.Tensor (e.g. `return tf.conv2d(...)`).');
  return t('The code returned {type}, not a tensor. Return a tf.Tensor (e.g. `return tf.conv2d(...)`).', { type: typeof r });
}
