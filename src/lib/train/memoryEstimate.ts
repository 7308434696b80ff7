/**
 * How much memory one training step needs, estimated from the model's layer graph (summary rows), so that the
 * studio can refuse up front a width × batch the backend cannot hold, and show the figure in the recipe.
 *
 * In float32 values (4 bytes each), with P parameters, k optimizer-state values per parameter (Adam 2, SGD with
 * momentum 1, plain SGD 0), A the sum of every layer's output elements for one image and B the batch size:
 *   weights      2P     the weights, and the new weights trainStep computes and checks before assigning them
 *   gradients    P
 *   optimizer    2kP    the state, and its proposed successor
 *   activations  f·A·B + B·s²·3   what the tape keeps for the backward pass and the gradients flowing back
 *                                 (f = ACTIVATION_FACTOR), and the input batch at side s
 * The two phases of a step (forward/backward, then the update) are added, not overlapped: an upper bound.
 */
import { summarizeConfig, type ModelSummary } from '../nn';
import type { TrainConfig } from './config';

/**
 * Bytes the step keeps per byte of layer output, measured with tf.profile's peakBytes on wasm in Node (CIFAR
 * variant, 32², widths 1/8–1/2, batch 8–32, SGD and Adam): 2.04–2.35. Rounded up to leave a margin.
 */
export const ACTIVATION_FACTOR = 2.5;

/** One step's memory by part, in bytes. */
export interface MemoryEstimate { weights: number; gradients: number; optimizer: number; activations: number; total: number }

/** Optimizer-state values per parameter: Adam keeps two moments, SGD a momentum buffer when momentum ≠ 0. */
export function stateValuesPerParam(optimizer: 'sgd' | 'adam', momentum: number): number {
  return optimizer === 'adam' ? 2 : momentum !== 0 ? 1 : 0;
}

/** What the estimate depends on besides the model: batch size, input side and optimizer. */
export interface StepShape { batchSize: number; inputSize: number; optimizer: 'sgd' | 'adam'; momentum: number }

/** The estimate for a model summarised as `s` (summarize / summarizeConfig, at inputSize²) trained as `opts` says. */
export function estimateTrainingMemory(s: ModelSummary, opts: StepShape): MemoryEstimate {
  const P = s.totalParams;
  const k = stateValuesPerParam(opts.optimizer, opts.momentum);
  const perImage = s.layers.reduce((a, l) => a + l.outputShape.reduce((x, y) => x * y, 1), 0);
  const side = opts.inputSize;
  const weights = 4 * 2 * P;
  const gradients = 4 * P;
  const optimizer = 4 * 2 * k * P;
  const activations = 4 * (ACTIVATION_FACTOR * perImage * opts.batchSize + opts.batchSize * side * side * 3);
  return { weights, gradients, optimizer, activations, total: weights + gradients + optimizer + activations };
}

/**
 * The most a training worker's wasm heap can grow to in tfjs-backend-wasm 4.22: its emscripten build reports
 * getHeapMax() = 4,294,901,760 bytes (65,535 pages of 64 KiB; the module declares 65,536) and pointers above 2 GiB
 * work (its JS glue reads them unsigned). Measured in Node (width 1, 32², Adam): batch 192 peaks at 3.79 GB with the
 * heap at 3.90 GB and trains; batch 256 hits this ceiling and fails.
 */
export const WASM_HEAP_LIMIT = 4_294_901_760;

/**
 * The most memory `backend` can give one training step, in bytes, or null when the page cannot know it: WebGL
 * does not expose the GPU's memory, and the cpu backend's typed arrays are bounded only by the browser process.
 */
export function backendMemoryLimit(backend: string): number | null {
  return backend === 'wasm' ? WASM_HEAP_LIMIT : null;
}

/** 1.23 GB, 45.0 MB: bytes in decimal units, three significant figures. */
export function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toPrecision(3)} GB` : `${(n / 1e6).toPrecision(3)} MB`;
}

/** The estimate in one line: "about 2.91 GB per step (activations 2.60 GB, weights 89.4 MB, gradients 44.7 MB, optimizer 179 MB)". */
export function describeEstimate(e: MemoryEstimate): string {
  return `about ${formatBytes(e.total)} per step (activations ${formatBytes(e.activations)}, weights ${formatBytes(e.weights)}, ` +
    `gradients ${formatBytes(e.gradients)}, optimizer ${formatBytes(e.optimizer)})`;
}

/**
 * Why this run would not fit `backend` (a sentence that shows the estimate and the limit), or null when it fits or
 * the limit is unknown. The run is refused before a worker starts; a wasm heap that overflowed cannot be used again.
 */
export function memoryProblem(e: MemoryEstimate, backend: string): string | null {
  const limit = backendMemoryLimit(backend);
  if (limit === null || e.total <= limit) return null;
  return `This recipe needs ${describeEstimate(e)}, more than the ${backend} backend can hold (${formatBytes(limit)}). ` +
    'Choose a smaller batch size or width.';
}

/** The estimate for a studio recipe on a dataset of `numClasses` classes at inputSize² (read off the graph, no model built). */
export function estimateRecipe(c: TrainConfig, numClasses: number, inputSize: number): MemoryEstimate {
  const s = summarizeConfig({ variant: c.variant ?? 'cifar', widthMultiplier: c.widthMultiplier, numClasses, inputSize });
  return estimateTrainingMemory(s, { batchSize: c.batchSize, inputSize, optimizer: c.optimizer, momentum: c.momentum });
}
