/**
 * Loading PyTorch checkpoints (Hugging Face microsoft/resnet-18 or torchvision names) into the model, and
 * exporting the model as a torchvision state dict. Checkpoints are NCHW/OIHW, [out,in] for linear layers;
 * the model keeps HWIO conv kernels and [in,out] fc weights (see weightNames.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { serializeSafetensors, toFloat32, type SafeTensor, type TensorToWrite } from './safetensors';
import {
  batchesTrackedName, checkpointName, checkpointShape, normaliseKey, splitName, toCheckpointLayout,
  toModelLayout, type CheckpointFormat,
} from './weightNames';

/** What loadWeights needs of a model (a ResNet18 fits): its named trainable and non-trainable variables. */
export interface WeightsTarget {
  config?: unknown;
  params: Map<string, tf.Variable>;
  buffers: Map<string, tf.Variable>;
}

/**
 * Outcome of matching a checkpoint against a model. All names are checkpoint names (in `format`);
 * shapes are checkpoint layouts (OIHW, [out,in]). `invalid` lists tensors with a non-float dtype or
 * non-finite values.
 */
export interface LoadReport {
  format: CheckpointFormat;
  loaded: string[];
  missing: string[];
  unexpected: string[];
  mismatched: { name: string; expected: number[]; got: number[] }[];
  invalid: { name: string; reason: string }[];
  /** Names the file holds under several keys ('conv1.weight' and 'module.conv1.weight'): which one is meant is unknowable. */
  ambiguous: { name: string; keys: string[] }[];
  /** Checkpoint names of the model tensors left as they were because `skip` said so (absent when nothing was skipped). */
  skipped?: string[];
}

/** Options of loadWeights. */
export interface LoadWeightsOptions {
  /**
   * Model tensor names ('head.fc.weight', 'stem.bn.runningMean', …) to leave untouched: not required, not
   * checked, not assigned; their checkpoint entries (if any) are not "unexpected". For fine-tuning, e.g.
   * `(n) => n.startsWith('head.fc.')` keeps a freshly initialised classifier for a new number of classes.
   */
  skip?: (modelName: string) => boolean;
}

/** A checkpoint that does not fit the model; `report` says which tensors. Nothing was assigned. */
export class WeightsError extends Error {
  override name = 'WeightsError';
  constructor(message: string, public report: LoadReport) {
    super(message);
  }
}

const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16', 'F64']);

/** Model variables in a fixed order: parameters, then BatchNorm running statistics. */
function modelVariables(m: WeightsTarget): [string, tf.Variable][] {
  return [...m.params, ...m.buffers];
}

/** The scheme whose names cover more of the model; ties go to HF when any key carries its 'resnet.' prefix. */
function detectFormat(m: WeightsTarget, keys: Set<string>): CheckpointFormat {
  const hits = (f: CheckpointFormat) => modelVariables(m).filter(([n]) => keys.has(checkpointName(n, f) ?? '')).length;
  const hf = hits('hf');
  const tv = hits('torchvision');
  if (hf !== tv) return hf > tv ? 'hf' : 'torchvision';
  return [...keys].some((k) => k.startsWith('resnet.') || k.startsWith('classifier.')) ? 'hf' : 'torchvision';
}

/** One line saying which part of the model the checkpoint was made for, when the stem or head tells. */
function hint(report: LoadReport): string {
  const parts: string[] = [];
  for (const mm of report.mismatched) {
    if (/(^conv1|embedder\.convolution)\.weight$/.test(mm.name)) {
      if (mm.got[2] !== mm.expected[2]) parts.push(`the checkpoint's stem is ${mm.got[2]}×${mm.got[3]} (${mm.got[2] === 3 ? 'CIFAR' : 'ImageNet'} variant), the model's ${mm.expected[2]}×${mm.expected[3]}`);
      if (mm.got[0] !== mm.expected[0]) parts.push(`the checkpoint's stem has ${mm.got[0]} channels (width ×${mm.got[0] / 64}), the model's ${mm.expected[0]}`);
    }
    if (/(^fc|classifier\.1)\.weight$/.test(mm.name) && mm.got[0] !== mm.expected[0]) {
      parts.push(`the checkpoint has ${mm.got[0]} classes, the model ${mm.expected[0]}`);
    }
  }
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function describe(report: LoadReport): string {
  const list = (xs: string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? `, … (${xs.length} in all)` : '');
  const problems: string[] = [];
  if (report.missing.length) problems.push(`${report.missing.length} missing: ${list(report.missing)}`);
  if (report.mismatched.length) {
    problems.push(`${report.mismatched.length} with the wrong shape: ${list(report.mismatched.map((x) => `${x.name} expected [${x.expected.join(',')}], got [${x.got.join(',')}]`))}`);
  }
  if (report.invalid.length) problems.push(`${report.invalid.length} invalid: ${list(report.invalid.map((x) => `${x.name} (${x.reason})`))}`);
  for (const a of report.ambiguous) problems.push(`${a.name} is in the file twice (as ${a.keys.join(' and ')}), so which one to load is unclear`);
  return `checkpoint (${report.format} names) does not fit this model${hint(report)}: ${problems.join('; ')}. Nothing was loaded.`;
}

/** Reads and checks one checkpoint tensor for a model variable; returns its values in model layout, or null. */
function prepareOne(name: string, modelShape: number[], t: SafeTensor, report: LoadReport): Float32Array | null {
  const expected = checkpointShape(modelShape);
  if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
    report.mismatched.push({ name, expected, got: t.shape.slice() });
    return null;
  }
  if (!FLOAT_DTYPES.has(t.dtype)) {
    report.invalid.push({ name, reason: `dtype ${t.dtype}, expected a float type` });
    return null;
  }
  const values = toFloat32(t);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    report.invalid.push({ name, reason: `value ${values[bad]} at element ${bad}` });
    return null;
  }
  return toModelLayout(values, modelShape);
}

/** Normalised key → the file's key, and the normalised names that more than one key of the file maps to. */
function indexKeys(tensors: Map<string, SafeTensor>): { byKey: Map<string, string>; ambiguous: LoadReport['ambiguous'] } {
  const keysOf = new Map<string, string[]>();
  for (const k of tensors.keys()) keysOf.set(normaliseKey(k), [...(keysOf.get(normaliseKey(k)) ?? []), k]);
  const byKey = new Map([...keysOf].map(([n, ks]) => [n, ks[ks.length - 1]]));
  const ambiguous = [...keysOf].filter(([, ks]) => ks.length > 1).map(([name, keys]) => ({ name, keys }));
  return { byKey, ambiguous };
}

/**
 * Loads a parsed checkpoint (torchvision or HF microsoft/resnet-18 names; 'module.' prefixes tolerated)
 * into the model's variables, converting OIHW → HWIO and [out,in] → [in,out]; a name present under two keys
 * (with and without 'module.') is refused as ambiguous. `num_batches_tracked`
 * entries of the model's BatchNorm layers are accepted and ignored. Validates every tensor first and
 * assigns nothing unless all model tensors are present, float, finite and of the right shape — otherwise
 * throws WeightsError with the report. Unexpected extra tensors are reported, not fatal. `opts.skip` leaves
 * chosen model tensors out of all of this (listed in `report.skipped`); everything else stays all-or-nothing.
 * Creates no tensors that outlive the call.
 */
export function loadWeights(m: WeightsTarget, tensors: Map<string, SafeTensor>, opts: LoadWeightsOptions = {}): LoadReport {
  const { byKey, ambiguous } = indexKeys(tensors);
  const format = detectFormat(m, new Set(byKey.keys()));
  const report: LoadReport = { format, loaded: [], missing: [], unexpected: [], mismatched: [], invalid: [], ambiguous };
  const used = new Set<string>();
  const ready: [tf.Variable, Float32Array][] = [];
  for (const [modelName, v] of modelVariables(m)) {
    const name = checkpointName(modelName, format);
    if (!name) throw new Error(`model tensor '${modelName}' has no checkpoint name (unknown layer)`);
    const { layer, field } = splitName(modelName);
    if (field === 'runningVar') used.add(batchesTrackedName(layer, format)!);  // accepted, ignored
    if (opts.skip?.(modelName)) {
      used.add(name);
      (report.skipped ??= []).push(name);
      continue;
    }
    const t = byKey.has(name) ? tensors.get(byKey.get(name)!) : undefined;
    if (!t) { report.missing.push(name); continue; }
    used.add(name);
    const values = prepareOne(name, v.shape, t, report);
    if (values) {
      ready.push([v, values]);
      report.loaded.push(name);
    }
  }
  for (const [key, original] of byKey) if (!used.has(key)) report.unexpected.push(original);
  if (report.missing.length || report.mismatched.length || report.invalid.length || report.ambiguous.length) {
    throw new WeightsError(describe(report), report);
  }
  for (const [v, values] of ready) {
    const t = tf.tensor(values, v.shape, 'float32');
    v.assign(t);
    t.dispose();
  }
  return report;
}

/**
 * Serialises the model as a torchvision-named safetensors state dict: conv kernels OIHW, fc weight
 * [out,in], all F32, plus an I64 `num_batches_tracked` per BatchNorm layer (PyTorch only reads it when
 * momentum is None; default 0). Loads in PyTorch with `model.load_state_dict(safetensors.torch.load_file(p))`.
 * Reads values with `await data()`; disposes nothing of the model. Returns the file bytes.
 */
export async function exportTorchvision(m: WeightsTarget, opts: { numBatchesTracked?: number } = {}): Promise<Uint8Array> {
  const out = new Map<string, TensorToWrite>();
  for (const [modelName, v] of modelVariables(m)) {
    const name = checkpointName(modelName, 'torchvision');
    if (!name) throw new Error(`model tensor '${modelName}' has no torchvision name (unknown layer)`);
    const values = toCheckpointLayout((await v.data()) as Float32Array, v.shape);
    out.set(name, { dtype: 'F32', shape: checkpointShape(v.shape), data: values });
    const { layer, field } = splitName(modelName);
    if (field === 'runningVar') {
      out.set(batchesTrackedName(layer, 'torchvision')!, {
        dtype: 'I64', shape: [], data: new BigInt64Array([BigInt(opts.numBatchesTracked ?? 0)]),
      });
    }
  }
  const metadata: Record<string, string> = { format: 'pt' };
  if (m.config !== undefined) metadata['resnet18-notebook.config'] = JSON.stringify(m.config);
  return serializeSafetensors(out, metadata);
}

/**
 * Reads a Hugging Face config.json (parsed JSON): the class names `id2label` as an array indexed by class
 * id (names may repeat: ImageNet has two "crane"s, 134 and 517). Throws Error with a clear message when
 * id2label is missing, has gaps or non-string names, or disagrees with num_labels.
 */
export function parseHfConfig(json: unknown): { numClasses: number; id2label: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('config.json must be a JSON object');
  const { id2label, num_labels: numLabels } = json as Record<string, unknown>;
  if (typeof id2label !== 'object' || id2label === null || Array.isArray(id2label)) {
    throw new Error('config.json has no id2label object (class names)');
  }
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels: string[] = new Array(entries.length);
  for (const [k, v] of entries) {
    const id = Number(k);
    if (!/^(0|[1-9]\d*)$/.test(k) || id >= entries.length) {
      throw new Error(`config.json id2label key '${k}' is not a class id in 0..${entries.length - 1}`);
    }
    if (typeof v !== 'string') throw new Error(`config.json id2label['${k}'] must be a string, got ${JSON.stringify(v)}`);
    labels[id] = v;
  }
  if (numLabels !== undefined && numLabels !== labels.length) {
    throw new Error(`config.json num_labels is ${JSON.stringify(numLabels)} but id2label has ${labels.length} entries`);
  }
  return { numClasses: labels.length, id2label: labels };
}
