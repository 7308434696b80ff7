/**
 * Update-to-weight ratio per layer, ‖Δw‖₂ / ‖w‖₂ over all of a layer's parameters (w before the step): how
 * big a step is relative to the weights it changes. The classic rule of thumb (Karpathy, cs231n) is about
 * 1e-3 per step; far above, training is unstable; far below, that layer barely learns (or is frozen).
 * Costs no extra forward/backward pass: a snapshot before the step is a reference to the old buffers (tf.clone
 * shares data; the optimizer's assign swaps the variable to new data), and one read-back after.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Layer (graph node) of a parameter name: 'stage2.block1.conv1.weight' → 'stage2.block1.conv1'. */
export function layerOf(paramName: string): string {
  return paramName.slice(0, paramName.lastIndexOf('.'));
}

/** References to the current values of the named parameters (no copy). Caller disposes every tensor. */
export function snapshotParams(params: Map<string, tf.Variable>, names: string[]): Map<string, tf.Tensor> {
  return new Map(names.map((n) => [n, tf.clone(params.get(n)!)]));
}

/**
 * Per layer: sqrt(Σ‖w_after − w_before‖²) / sqrt(Σ‖w_before‖²) over the layer's parameters in `before`,
 * in the order layers first appear there. One `await data()`; disposes its intermediates, not `before`.
 */
export async function updateRatios(params: Map<string, tf.Variable>, before: Map<string, tf.Tensor>): Promise<Map<string, number>> {
  const layers = [...new Set([...before.keys()].map(layerOf))];
  if (layers.length === 0) return new Map();
  const stacked = tf.tidy(() => {
    const rows = layers.map((layer) => {
      const names = [...before.keys()].filter((n) => layerOf(n) === layer);
      const dw = tf.addN(names.map((n) => tf.sum(tf.square(tf.sub(params.get(n)!, before.get(n)!)))));
      const w = tf.addN(names.map((n) => tf.sum(tf.square(before.get(n)!))));
      return tf.div(tf.sqrt(dw), tf.sqrt(w));
    });
    return tf.stack(rows);
  });
  const values = await stacked.data();
  stacked.dispose();
  return new Map(layers.map((l, i) => [l, values[i]]));
}
