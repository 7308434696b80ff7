/**
 * Export in the tfjs weights format: a JSON file with a `weightsManifest` (names, shapes, dtypes, file path)
 * and one binary file, as `tf.io.loadWeights` / `tf.io.decodeWeights` read them. Names are the notebook's
 * parameter names (HWIO kernels, [in,out] fc); the JSON also records the model config to rebuild it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResNet18 } from '../nn';

export const TFJS_BIN_NAME = 'resnet18-weights.bin';

/** model.json text and the weights binary for all parameters and BatchNorm buffers. */
export async function exportTfjs(m: ResNet18): Promise<{ json: string; bin: Uint8Array }> {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of m.params) named[k] = v;
  for (const [k, v] of m.buffers) named[k] = v;
  const { data, specs } = await tf.io.encodeWeights(named);
  const json = JSON.stringify({
    format: 'resnet18-notebook-weights',
    modelConfig: m.config,
    layout: 'NHWC activations, conv kernels HWIO, fc weight [in, out]',
    weightsManifest: [{ paths: [TFJS_BIN_NAME], weights: specs }],
  }, null, 1);
  return { json, bin: new Uint8Array(data) };
}
