/**
 * Activation calibration for static INT8: run calibration images through the model (eval mode) and record the
 * smallest and largest value each layer's output takes. Weights can be quantized from the weights alone; an
 * activation's range depends on the data, so it is measured once here and frozen into the quantized model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { INPUT } from './architecture';
import { forward, type ResNet18 } from './resnet18';
import { quantizeValue, roundHalfEven } from './quantize';

/** Range of one layer's output over the calibration images. */
export interface ActivationRange {
  min: number;
  max: number;
}

/** Images per forward pass while calibrating: bounds the memory the tapped activations take at 224². */
export const CALIBRATION_CHUNK = 4;

/** Nodes whose outputs are recorded: the input, every BN, ReLU, max-pool and the pooled features. */
export function calibrationPoints(m: ResNet18): string[] {
  return [INPUT, ...m.graph.filter((n) => ['bn', 'relu', 'maxpool', 'gap'].includes(n.kind)).map((n) => n.name)];
}

/**
 * Min and max of each calibration point's output over all images of `x` ([N,H,W,3] NHWC, preprocessed), taken
 * CALIBRATION_CHUNK images at a time. Returns node name → range ('input' for the pixels). x is not disposed;
 * no tensors are left behind.
 */
export async function calibrateActivations(m: ResNet18, x: tf.Tensor4D): Promise<Map<string, ActivationRange>> {
  const points = calibrationPoints(m).filter((p) => p !== INPUT);
  const ranges = new Map<string, ActivationRange>();
  const merge = (name: string, min: number, max: number) => {
    const r = ranges.get(name);
    ranges.set(name, r ? { min: Math.min(r.min, min), max: Math.max(r.max, max) } : { min, max });
  };
  for (let start = 0; start < x.shape[0]; start += CALIBRATION_CHUNK) {
    const size = Math.min(CALIBRATION_CHUNK, x.shape[0] - start);
    const chunk = tf.slice(x, [start, 0, 0, 0], [size, -1, -1, -1]);
    const { logits, activations } = forward(m, chunk, { taps: points });
    logits.dispose();
    activations.set(INPUT, chunk);
    for (const [name, t] of activations) {
      const mm = tf.tidy(() => tf.stack([tf.min(t), tf.max(t)]));
      const [min, max] = await mm.data();
      mm.dispose();
      t.dispose();
      merge(name, min, max);
    }
  }
  return ranges;
}

/** Asymmetric uint8 parameters of an activation: real = (q − zeroPoint)·scale, q in [0, 255]. */
export interface Uint8Params {
  scale: number;
  zeroPoint: number;
}

/**
 * uint8 scale and zero point covering [min, max] widened to include 0 (so 0, ReLU's floor and the zero padding,
 * is exact): scale = (max − min)/255 in float32, zeroPoint = round(−min/scale). A ReLU output gets zeroPoint 0.
 */
export function uint8Params({ min, max }: ActivationRange): Uint8Params {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  const scale = hi > lo ? Math.fround((hi - lo) / 255) : 1;
  const zeroPoint = Math.min(255, Math.max(0, roundHalfEven(-lo / scale)));
  return { scale, zeroPoint };
}

/** ONNX QuantizeLinear then DequantizeLinear of one value with uint8 parameters (what a Q→DQ pair does to it). */
export function fakeQuantUint8(x: number, p: Uint8Params): number {
  return (quantizeValue(x, p.scale, p.zeroPoint, 0, 255) - p.zeroPoint) * p.scale;
}
