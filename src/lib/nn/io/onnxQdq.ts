/**
 * Static INT8 in ONNX's QDQ form: every quantized tensor is written as QuantizeLinear → DequantizeLinear (or, for
 * constants, the integer initializer → DequantizeLinear). The graph stays a float graph any runtime can run;
 * ONNX Runtime recognises DQ → Conv/Add/Gemm → Q and replaces each unit by its int8 kernel (QLinearConv, …).
 * Activations: uint8, asymmetric, ranges from calibration. Weights: int8, symmetric [−127,127], per output
 * channel. Biases: int32 with scale = input scale × weight scale, so the int32 accumulator adds them exactly.
 */
import type { ActivationRange, Uint8Params } from '../calibrate';
import { uint8Params } from '../calibrate';
import { quantizeSymmetric, roundHalfEven } from '../quantize';
import type { OnnxGraph } from './onnxProto';

const INT32_MAX = 2 ** 31 - 1;

/** Quantization decisions of one export: activation parameters by node and weight scales by key. */
export class QdqPlan {
  /** ONNX tensor name (a DequantizeLinear output) → its uint8 parameters. */
  private actParams = new Map<string, Uint8Params>();
  private weightScales = new Map<string, Float32Array>();

  /** `ranges`: calibration ranges by node name ('input' for the pixels), from calibrateActivations. */
  constructor(private ranges: Map<string, ActivationRange>) {}

  /** Inserts Q → DQ after `tensor` (the output of node `node`) with the node's calibrated range; returns the DQ output. */
  activation(g: OnnxGraph, node: string, tensor: string): string {
    const range = this.ranges.get(node);
    if (!range) throw new Error(`No calibration range for "${node}".`);
    const p = uint8Params(range);
    const scale = g.init(`${node}.act_scale`, [], new Float32Array([p.scale]));
    const zp = g.init(`${node}.act_zero_point`, [], new Uint8Array([p.zeroPoint]));
    const q = g.node('QuantizeLinear', [tensor, scale, zp], {}, `${node}.quantized`);
    const dq = g.node('DequantizeLinear', [q, scale, zp], {}, `${node}.dequantized`);
    this.actParams.set(dq, p);
    return dq;
  }

  /** int8 per-channel weight (channels along `axis`) → DequantizeLinear; returns the float weight's name. */
  weight(g: OnnxGraph, key: string, w: Float32Array, dims: number[], axis: number): string {
    const qt = quantizeSymmetric(w, dims, 'per-channel', axis);
    this.weightScales.set(key, qt.scales);
    const q = g.init(`${key}_int8`, dims, qt.q);
    const scale = g.init(`${key}_scale`, [qt.scales.length], qt.scales);
    const zp = g.init(`${key}_zero_point`, [qt.scales.length], new Int8Array(qt.scales.length));
    return g.node('DequantizeLinear', [q, scale, zp], { axis }, key);
  }

  /** int32 bias at scale (input scale × weight scale of channel o) → DequantizeLinear; returns the float bias's name. */
  bias(g: OnnxGraph, key: string, b: Float32Array, input: string, weightKey: string): string {
    const x = this.actParams.get(input);
    const ws = this.weightScales.get(weightKey);
    if (!x || !ws) throw new Error(`Bias ${key}: its input and weight must be quantized first.`);
    const scales = ws.map((s) => Math.fround(x.scale * s));
    const q = Int32Array.from(b, (v, o) => Math.max(-INT32_MAX, Math.min(INT32_MAX, roundHalfEven(Math.fround(v / scales[o])))));
    const qName = g.init(`${key}_int32`, [b.length], q);
    const scale = g.init(`${key}_scale`, [b.length], scales);
    const zp = g.init(`${key}_zero_point`, [b.length], new Int32Array(b.length));
    return g.node('DequantizeLinear', [qName, scale, zp], { axis: 0 }, key);
  }
}
