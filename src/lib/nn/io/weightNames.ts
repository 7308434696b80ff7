/**
 * Names and layouts at the PyTorch boundary. The model names its tensors '<layer>.<field>'
 * ('stage2.block1.conv1.weight' HWIO, 'stem.bn.gamma', 'stem.bn.runningMean', 'head.fc.weight' [in,out]);
 * checkpoints use torchvision names ('layer2.0.conv1.weight' OIHW, 'bn1.weight', 'bn1.running_mean',
 * 'fc.weight' [out,in]) or Hugging Face microsoft/resnet-18 names ('resnet.encoder.stages.1.layers.0.layer.0.
 * convolution.weight', 'classifier.1.weight'). Pure functions over plain arrays; no tfjs.
 */

/** The two checkpoint naming schemes the loader understands. */
export type CheckpointFormat = 'hf' | 'torchvision';

/** Model BatchNorm field → PyTorch state-dict field. */
const BN_FIELD: Record<string, string> = { gamma: 'weight', beta: 'bias', runningMean: 'running_mean', runningVar: 'running_var' };

/** The checkpoint module path of a model layer in each scheme, or null when the layer is unknown. */
export function checkpointLayer(layer: string): Record<CheckpointFormat, string> | null {
  if (layer === 'stem.conv') return { torchvision: 'conv1', hf: 'resnet.embedder.embedder.convolution' };
  if (layer === 'stem.bn') return { torchvision: 'bn1', hf: 'resnet.embedder.embedder.normalization' };
  if (layer === 'head.fc') return { torchvision: 'fc', hf: 'classifier.1' };
  // blocks are 1-based in the model ('stage2.block1'), 0-based in both checkpoints (layer2.0, stages.1.layers.0)
  let g = /^stage(\d)\.block(\d+)\.(conv|bn)(\d)$/.exec(layer);
  if (g) {
    const [s, b, kind, n] = [Number(g[1]), Number(g[2]), g[3], Number(g[4])];
    return {
      torchvision: `layer${s}.${b - 1}.${kind}${n}`,
      hf: `resnet.encoder.stages.${s - 1}.layers.${b - 1}.layer.${n - 1}.${kind === 'conv' ? 'convolution' : 'normalization'}`,
    };
  }
  g = /^stage(\d)\.block(\d+)\.shortcut\.(conv|bn)$/.exec(layer);
  if (g) {
    const [s, b, kind] = [Number(g[1]), Number(g[2]), g[3]];
    return {
      torchvision: `layer${s}.${b - 1}.downsample.${kind === 'conv' ? 0 : 1}`,
      hf: `resnet.encoder.stages.${s - 1}.layers.${b - 1}.shortcut.${kind === 'conv' ? 'convolution' : 'normalization'}`,
    };
  }
  return null;
}

/** Splits 'stage2.block1.bn1.runningMean' into layer 'stage2.block1.bn1' and field 'runningMean'. */
export function splitName(modelName: string): { layer: string; field: string } {
  const i = modelName.lastIndexOf('.');
  return { layer: modelName.slice(0, i), field: modelName.slice(i + 1) };
}

/** Checkpoint name of a model tensor, or null when it has no PyTorch counterpart. */
export function checkpointName(modelName: string, format: CheckpointFormat): string | null {
  const { layer, field } = splitName(modelName);
  const ckpt = checkpointLayer(layer);
  if (!ckpt) return null;
  const f = BN_FIELD[field] ?? (field === 'weight' || field === 'bias' ? field : null);
  return f ? `${ckpt[format]}.${f}` : null;
}

/** PyTorch's step counter of a BatchNorm layer ('<bn>.num_batches_tracked'), which the model does not keep. */
export function batchesTrackedName(bnLayer: string, format: CheckpointFormat): string | null {
  const ckpt = checkpointLayer(bnLayer);
  return ckpt ? `${ckpt[format]}.num_batches_tracked` : null;
}

/**
 * Normalises a checkpoint key: drops DataParallel's 'module.' prefix and adds the 'resnet.' prefix that a
 * bare HF ResNetModel (no classification head) omits.
 */
export function normaliseKey(key: string): string {
  const k = key.startsWith('module.') ? key.slice(7) : key;
  return k.startsWith('embedder.') || k.startsWith('encoder.') ? `resnet.${k}` : k;
}

/** Model shape → checkpoint shape: HWIO [H,W,I,O] → OIHW [O,I,H,W]; [in,out] → [out,in]; 1-D unchanged. */
export function checkpointShape(modelShape: readonly number[]): number[] {
  if (modelShape.length === 4) return [modelShape[3], modelShape[2], modelShape[0], modelShape[1]];
  if (modelShape.length === 2) return [modelShape[1], modelShape[0]];
  return modelShape.slice();
}

/** OIHW → HWIO (a transpose [2,3,1,0]): dst[h,w,i,o] = src[o,i,h,w]. Returns a new array. */
export function oihwToHwio(src: Float32Array, [O, I, H, W]: readonly number[]): Float32Array {
  const dst = new Float32Array(src.length);
  let s = 0;
  for (let o = 0; o < O; o++) {
    for (let i = 0; i < I; i++) {
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) dst[((h * W + w) * I + i) * O + o] = src[s++];
      }
    }
  }
  return dst;
}

/** HWIO → OIHW (the inverse of oihwToHwio): dst[o,i,h,w] = src[h,w,i,o]. Returns a new array. */
export function hwioToOihw(src: Float32Array, [H, W, I, O]: readonly number[]): Float32Array {
  const dst = new Float32Array(src.length);
  let s = 0;
  for (let h = 0; h < H; h++) {
    for (let w = 0; w < W; w++) {
      for (let i = 0; i < I; i++) {
        for (let o = 0; o < O; o++) dst[((o * I + i) * H + h) * W + w] = src[s++];
      }
    }
  }
  return dst;
}

/** Row-major [rows, cols] → [cols, rows]. Returns a new array. */
export function transpose2d(src: Float32Array, rows: number, cols: number): Float32Array {
  const dst = new Float32Array(src.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
  }
  return dst;
}

/** Checkpoint values (layout `checkpointShape(modelShape)`) → model layout `modelShape`. */
export function toModelLayout(src: Float32Array, modelShape: readonly number[]): Float32Array {
  const ck = checkpointShape(modelShape);
  if (ck.length === 4) return oihwToHwio(src, ck);
  if (ck.length === 2) return transpose2d(src, ck[0], ck[1]);
  return src;
}

/** Model values (layout `modelShape`) → checkpoint layout. */
export function toCheckpointLayout(src: Float32Array, modelShape: readonly number[]): Float32Array {
  if (modelShape.length === 4) return hwioToOihw(src, modelShape);
  if (modelShape.length === 2) return transpose2d(src, modelShape[0], modelShape[1]);
  return src;
}
