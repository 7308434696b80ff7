/**
 * Public API of the nn core: tfjs only (no DOM, no d3, no Svelte); runs in Node and in the browser.
 * Tensors are NHWC inside tfjs; NCHW appears only at the PyTorch/safetensors boundary.
 * Each section below is owned by one module; add exports to your section only.
 */

// The package entry first: in Node it is tfjs-core's CommonJS build while the two deep imports below load its ES
// modules, and whichever loads first creates the engine. An engine made by those ES modules makes tensors whose
// chained ops were never set up (t.clone() → "Cannot read properties of null"), which broke every backward pass in a
// script that imports this file before anything else from tfjs.
import '@tensorflow/tfjs-core';
// tf.grad (Grad-CAM, saliency, training) needs every op's gradient registered; tfjs-core registers none by itself
// (@tensorflow/tfjs does, which is why Node tests pass without this line and the page did not).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
// Chained tensor methods (t.reshape(), x.sum().print() in a code cell or the console) are also registered by
// @tensorflow/tfjs only; the page imports tfjs-core, so register them here to keep the page equal to Node.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

// --- model: builder, forward pass, summary (resnet18.ts, layers.ts, summary.ts) ---
export {
  makeConfig, buildGraph, stageChannels, boundaryAliases, INPUT,
  type Variant, type ResNetConfig, type LayerNode,
} from './architecture';
export {
  createResNet18, disposeResNet18, forward, forwardFrom, tapNames, DEFAULT_SEED,
  type ResNet18, type ForwardOptions, type ForwardResult,
} from './resnet18';
export {
  conv2d, batchNorm, batchNormEval, batchNormTrain, updateRunningStats, relu, maxPool2d, avgPool2d,
  globalAvgPool, linear, BN_EPS, BN_MOMENTUM,
  type Conv2dOptions, type BatchNormState, type BatchNormTrainResult,
} from './layers';
export { Rng, createRng, mixSeed, permutation, normalArray, uniformArray } from './random';
export { summarize, stageTotals, type LayerSummary, type ModelSummary } from './summary';
export { summarizeConfig } from './summary';

// --- weights: safetensors reader/writer, HF/torchvision mapping, exporter (safetensors.ts, weights.ts) ---
export {
  parseSafetensors, serializeSafetensors, toFloat32, f16BitsToNumber, numElements, SafetensorsError, DTYPE_SIZE,
  type DType, type SafeTensor, type TensorToWrite,
} from './io/safetensors';
export {
  loadWeights, exportTorchvision, parseHfConfig, WeightsError, type LoadReport, type WeightsTarget,
} from './io/weights';
export { checkpointName, normaliseKey, type CheckpointFormat } from './io/weightNames';
export { torchvisionPython, stageWidthMap } from './io/torchvisionPython';

// --- pictures in, explanations out: Hugging Face preprocessing, top-k, Grad-CAM, saliency (preprocess.ts, explain.ts) ---
export {
  preprocess, toInputTensor, parsePreprocessorConfig, resizeBicubic, centerCrop, shortestEdgeSize, normalize,
  bicubicCoefficients, RESNET18_PREPROCESS, type RgbaImage, type PreprocessConfig, type PreprocessResult,
} from './preprocess';
export {
  applyCheckpoint, runAllLayers, topK, gradCam, gradCamRaw, saliency, describeModel, toPlain,
  type TopKEntry, type DescribedLayer,
} from './explain';

// --- training: loss, optimizers, train step, evaluation, wasm training kernels (optim.ts, train.ts, evaluate.ts, wasmKernels.ts) ---
export { Optimizer, type OptimizerConfig, type ParamGroup, type OptimizerState, type PendingUpdate } from './optim';
export {
  crossEntropy, trainStep, NonFiniteLossError, NonFiniteStepError, type StepResult, type TrainStepOptions,
} from './train';
export { evaluate, evaluateBatches, meanCrossEntropy, argmaxRows, topKAccuracy, type EvalResult } from './evaluate';
export { heapMemory, type HeapBackend } from './wasmHeap';
export {
  registerWasmTrainingKernels, conv2dFilterGrad, conv2dInputGrad, DEFAULT_INPUT_GRAD, type InputGradImpl,
} from './wasmKernels';

// --- deployment: INT8/fp16 quantization (quantize.ts, quantizeModel.ts) ---
export {
  roundHalfEven, quantizeValue, quantizeSymmetric, dequantize, quantError, symmetricScale, float16Bits, roundToFloat16,
  INT8_WEIGHT_MIN, INT8_WEIGHT_MAX, type QuantScheme, type QuantizedTensor, type QuantError,
} from './quantize';
export {
  quantizableKeys, quantizationTable, modelSizes, roundTripModel,
  type LayerQuantRow, type ModelSizes, type WeightRoundTrip,
} from './quantizeModel';

// --- ONNX / tfjs GraphModel export and activation calibration (io/onnx*.ts, io/tfjsGraphExport.ts, calibrate.ts) ---
export { exportOnnx, foldConvBn, ONNX_OPSET, type OnnxExportOptions, type FoldedConv } from './io/onnxExport';
export { exportGraphModel, GRAPH_MODEL_WEIGHTS, type GraphModelArtifacts } from './io/tfjsGraphExport';
export {
  calibrateActivations, calibrationPoints, uint8Params, fakeQuantUint8, CALIBRATION_CHUNK,
  type ActivationRange, type Uint8Params,
} from './calibrate';

// --- lessons 3–5 (kept on the door for scripts that import them from here; the code lives in its lesson's folder,
//     lessons/<id>/, and imports the core through this file, so these lines must stay last) ---
export { bnStages, compareBnModes, makeDemoBatch, type BnStages, type BnModeComparison } from '../../../lessons/batchnorm/bnLesson';
export { makeBlock, disposeBlock, traceBlock, blockGradients, blockParamCount, seededStem } from '../../../lessons/residual-block/blockLesson';
export { Experiment, EXPERIMENT_DEFAULTS, DEPTH_CHOICES, type ExperimentSettings } from '../../../lessons/why-residuals/experiment';
export { makeSpirals, smallNetForward, type SmallNetSpec } from '../../../lessons/why-residuals/smallnets';
