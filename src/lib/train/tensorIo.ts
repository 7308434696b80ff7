/**
 * Moves variables to and from plain arrays (checkpoints, worker messages). Reads use `await data()`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StoredTensor } from './checkpoint';

/** Copies every variable's values out (Float32Array per name). No tensors are created. */
export async function readTensors(vars: Map<string, tf.Variable>): Promise<Record<string, StoredTensor>> {
  const out: Record<string, StoredTensor> = {};
  for (const [name, v] of vars) out[name] = { shape: v.shape.slice(), data: (await v.data()) as Float32Array };
  return out;
}

/** Assigns stored values to the variables; every variable must be present with its shape (checked first). */
export function writeTensors(vars: Map<string, tf.Variable>, stored: Record<string, StoredTensor>): void {
  for (const [name, v] of vars) {
    const s = stored[name];
    if (!s) throw new Error(`The checkpoint has no values for ${name}.`);
    if (s.shape.join('x') !== v.shape.join('x')) throw new Error(`The checkpoint's ${name} has shape [${s.shape}], the model needs [${v.shape}].`);
  }
  for (const [name, v] of vars) {
    const t = tf.tensor(stored[name].data, stored[name].shape, 'float32');
    v.assign(t);
    t.dispose();
  }
}
