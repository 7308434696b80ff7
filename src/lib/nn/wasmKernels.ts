/**
 * Training kernels that tfjs-backend-wasm 4.22 lacks (or has only as a slow loop), registered on 'wasm'.
 *
 * tf.grad of a conv2d asks the backend for two kernels: Conv2DBackpropInput (dL/dx) and Conv2DBackpropFilter
 * (dL/dW). The wasm backend ships no Conv2DBackpropFilter at all, so without this module no convolutional
 * network trains on wasm. Every other kernel the backward pass of conv / BatchNorm / ReLU / max- and
 * average-pool / mean / softmax cross-entropy needs (MaxPoolGrad, AvgPoolGrad, Step, Sum, …) is built in.
 *
 * Both kernels here are written with ordinary tfjs ops, which on wasm run as XNNPACK matmuls and convs:
 * - filter gradient dW[kh,kw,ci,co] = Σ_{n,oh,ow} x̂[n, oh·s+kh, ow·s+kw, ci]·dy[n,oh,ow,co] (x̂ = zero-padded
 *   input) as ONE convolution of the input planes with dy as the kernel, dilated by the stride. Measured
 *   (bench-kernels) 8–18× faster on wasm than im2col + matmul, whose transposed matmul is a slow loop there;
 * - input gradient: one "polyphase" convolution of dy + depthToSpace (convInputGrad.ts); at stride 1 that is the
 *   convolution with the 180°-rotated kernel, at stride 2 it skips most of the 3 in 4 zeros that convolving a
 *   zero-dilated dy multiplies (the form this file used before: 4.7× the forward's time at 32×32×64→128).
 *   `npm run bench -- kernels` measures it against the built-in loop; the faster one is the default.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { registerBatchNormKernels } from './batchNormTrain';
import { polyphaseInputGrad, registerInputGradKernels } from './convInputGrad';
import { filterGrad, registerFilterGradKernels } from './convFilterGrad';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

/** The attributes tfjs passes to Conv2DBackpropFilter / Conv2DBackpropInput (NHWC only). */
interface BackpropAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

/** Geometry of one conv: explicit top/left padding, and the output size (tfjs' own conv arithmetic). */
function convGeometry(xShape: number[], filterShape: number[], attrs: BackpropAttrs) {
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm training kernels support NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides, 1, attrs.pad as 'same', attrs.dimRoundingMode, false, 'channelsLast',
  );
  return {
    n: info.batchSize, h: info.inHeight, w: info.inWidth, cin: info.inChannels, cout: info.outChannels,
    kh: info.filterHeight, kw: info.filterWidth, sh: info.strideHeight, sw: info.strideWidth,
    oh: info.outHeight, ow: info.outWidth, top: info.padInfo.top, left: info.padInfo.left,
  };
}

/**
 * dL/dW of a stride-s conv (NHWC x [n,h,w,cin], dy [n,oh,ow,cout]) → HWIO [kh,kw,cin,cout] (convFilterGrad.ts).
 * Any backend; returns a new tensor, caller disposes.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], attrs: BackpropAttrs): tf.Tensor4D {
  return filterGrad(x, dy, convGeometry(x.shape, filterShape, attrs));
}

/**
 * dL/dx of a conv: dy NHWC [n,oh,ow,cout], filter HWIO [kh,kw,cin,cout] → [n,h,w,cin] (inputShape), as one
 * polyphase conv + depth-to-space (convInputGrad.ts). Equal strides only. Caller disposes.
 */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: number[], attrs: BackpropAttrs): tf.Tensor4D {
  const g = convGeometry(inputShape, filter.shape, attrs);
  // tfjs-wasm's own forward Conv2D applies the vertical stride to both axes, so unequal strides never train here.
  if (g.sh !== g.sw) throw new Error(`wasm conv gradients need equal strides, got ${g.sh}×${g.sw}`);
  return polyphaseInputGrad(dy, filter, g);
}

/**
 * Wraps an op-level computation as a kernelFunc. The engine turns the returned TensorInfo into a new tensor
 * WITHOUT taking a reference on its buffer, so the op result's buffer gets one extra backend reference
 * before that result tensor is disposed — otherwise the buffer is freed under the new tensor.
 */
function viaOps(compute: (inputs: Record<string, tf.Tensor>, attrs: BackpropAttrs) => tf.Tensor): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const result = compute(inputs as unknown as Record<string, tf.Tensor>, attrs as unknown as BackpropAttrs);
    (backend as unknown as { incRef(dataId: object): void }).incRef(result.dataId);
    const info: TensorInfo = { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
    result.dispose();
    return info;
  };
}

const filterKernel: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: viaOps((i, a) => conv2dFilterGrad(i.x as tf.Tensor4D, i.dy as tf.Tensor4D, a.filterShape!, a)),
};

const inputKernel: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: viaOps((i, a) => conv2dInputGrad(i.dy as tf.Tensor4D, i.filter as tf.Tensor4D, a.inputShape!, a)),
};

/** Which Conv2DBackpropInput to use: 'conv' (the polyphase convolution above, the measured winner) or 'builtin'. */
export type InputGradImpl = 'conv' | 'builtin';
/** Default chosen by scripts/bench-kernels.ts (see README figures). */
export const DEFAULT_INPUT_GRAD: InputGradImpl = 'conv';

let builtinInput: KernelConfig | undefined;

/**
 * Registers Conv2DBackpropFilter (and, unless `inputGrad: 'builtin'`, a faster Conv2DBackpropInput) on the
 * 'wasm' backend. Idempotent; safe to call before or after tf.setBackend('wasm'). Returns nothing to dispose.
 */
export function registerWasmTrainingKernels(opts: { inputGrad?: InputGradImpl } = {}): void {
  const want = opts.inputGrad ?? DEFAULT_INPUT_GRAD;
  registerBatchNormKernels();
  registerInputGradKernels();
  registerFilterGradKernels();
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') == null) tf.registerKernel(filterKernel);
  const current = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (builtinInput == null && current != null && current.kernelFunc !== inputKernel.kernelFunc) builtinInput = current;
  const target = want === 'conv' ? inputKernel : builtinInput;
  if (target != null && current?.kernelFunc !== target.kernelFunc) {
    if (current != null) tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel(target);
  }
}
