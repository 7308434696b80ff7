/**
 * Quantization applied to a whole ResNet-18: which tensors are quantized (every conv kernel and the fc weight),
 * the per-layer error of INT8, the model's size stored as fp32 / fp16 / int8, and a copy of the model whose
 * weights went through a round trip (fp16 or int8 "fake quantization") so its logits can be compared.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createResNet18, type ResNet18 } from './resnet18';
import { dequantize, quantError, quantizeSymmetric, roundToFloat16, type QuantError, type QuantScheme } from './quantize';

/** Keys of the quantized weights in graph order: '<conv>.weight' (HWIO) and 'head.fc.weight' ([in,out]). */
export function quantizableKeys(m: ResNet18): string[] {
  return m.graph.filter((n) => n.kind === 'conv' || n.kind === 'fc').map((n) => `${n.name}.weight`);
}

/** One row of the per-layer error table. */
export interface LayerQuantRow {
  /** Parameter key, e.g. 'stage2.block1.conv1.weight'. */
  key: string;
  shape: number[];
  /** Values in the tensor. */
  count: number;
  /** Output channels (scales per channel). */
  channels: number;
  perTensor: QuantError;
  perChannel: QuantError;
}

/** Per-layer INT8 error, per tensor and per channel, for every quantizable weight. Reads with await data(); no tensors left. */
export async function quantizationTable(m: ResNet18): Promise<LayerQuantRow[]> {
  const rows: LayerQuantRow[] = [];
  for (const key of quantizableKeys(m)) {
    const v = m.params.get(key)!;
    const w = (await v.data()) as Float32Array;
    const err = (scheme: QuantScheme) => quantError(w, dequantize(quantizeSymmetric(w, v.shape, scheme)));
    rows.push({ key, shape: v.shape, count: w.length, channels: v.shape[v.shape.length - 1], perTensor: err('per-tensor'), perChannel: err('per-channel') });
  }
  return rows;
}

/** Bytes of the model's parameters stored each way. BN running statistics are left out (folded when deployed). */
export interface ModelSizes {
  /** Every trainable value as float32. */
  fp32: number;
  /** Every trainable value as float16. */
  fp16: number;
  /** conv/fc weights as int8 plus one float32 scale per tensor; BN γ/β and the fc bias stay float32. */
  int8PerTensor: number;
  /** As int8PerTensor with one float32 scale per output channel. */
  int8PerChannel: number;
}

/** Storage size of the model's parameters as fp32, fp16 and int8 (bytes). */
export function modelSizes(m: ResNet18): ModelSizes {
  const quantized = new Set(quantizableKeys(m));
  let all = 0;
  let qValues = 0;
  let qChannels = 0;
  for (const [key, v] of m.params) {
    all += v.size;
    if (quantized.has(key)) {
      qValues += v.size;
      qChannels += v.shape[v.shape.length - 1];
    }
  }
  const rest = (all - qValues) * 4;
  return {
    fp32: all * 4,
    fp16: all * 2,
    int8PerTensor: qValues + quantized.size * 4 + rest,
    int8PerChannel: qValues + qChannels * 4 + rest,
  };
}

/** How the copy's weights are derived from the original's. */
export type WeightRoundTrip = 'fp16' | 'int8-per-tensor' | 'int8-per-channel';

function roundTrip(kind: WeightRoundTrip, w: Float32Array, shape: number[], quantized: boolean): Float32Array {
  if (kind === 'fp16') return roundToFloat16(w);
  if (!quantized) return w;
  return dequantize(quantizeSymmetric(w, shape, kind === 'int8-per-tensor' ? 'per-tensor' : 'per-channel'));
}

/**
 * A new model equal to `m` except its weights went through `kind`: fp16 rounds every parameter and buffer to
 * half precision; int8 quantizes and dequantizes the conv/fc weights (the rest is copied). Caller disposes the
 * copy with disposeResNet18; `m` is untouched.
 */
export async function roundTripModel(m: ResNet18, kind: WeightRoundTrip): Promise<ResNet18> {
  const copy = createResNet18(m.config, { seed: 1 });
  const quantized = new Set(quantizableKeys(m));
  for (const [map, target] of [[m.params, copy.params], [m.buffers, copy.buffers]] as const) {
    for (const [key, v] of map) {
      const w = (await v.data()) as Float32Array;
      const out = roundTrip(kind, w, v.shape, quantized.has(key));
      const t = tf.tensor(out, v.shape, 'float32');
      target.get(key)!.assign(t);
      t.dispose();
    }
  }
  return copy;
}
