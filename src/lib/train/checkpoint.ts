/**
 * Checkpoints: everything needed to continue a run exactly — weights, BatchNorm buffers, optimizer state,
 * position (epoch, step), history and config. Batch order and augmentation are re-derived from
 * (seed, epoch, step), so no RNG stream has to be stored. Stored by a CheckpointStore: IndexedDB in the
 * browser (idbStore.ts), a Map in tests.
 */
import type { TrainConfig } from './config';
import type { TrainHistory } from './history';

/** A named array (structured-cloneable). */
export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

export interface Checkpoint {
  version: 1;
  config: TrainConfig;
  numClasses: number;
  inputSize: number;
  normalisation: { mean: number[]; std: number[] };
  /** Next step to run is (epoch, stepInEpoch); globalStep counts all steps done. */
  epoch: number;
  stepInEpoch: number;
  globalStep: number;
  params: Record<string, StoredTensor>;
  buffers: Record<string, StoredTensor>;
  optimizer: Record<string, StoredTensor>;
  history: TrainHistory;
  bestValLoss: number;
  epochsWithoutImprovement: number;
  savedAt: number;
}

/** Where checkpoints live; keys name runs. */
export interface CheckpointStore {
  save(key: string, ckpt: Checkpoint): Promise<void>;
  load(key: string): Promise<Checkpoint | null>;
  remove(key: string): Promise<void>;
}

/** An in-memory store; copies on save and load (structuredClone), as IndexedDB does. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly map = new Map<string, Checkpoint>();
  async save(key: string, ckpt: Checkpoint): Promise<void> {
    this.map.set(key, structuredClone(ckpt));
  }
  async load(key: string): Promise<Checkpoint | null> {
    const c = this.map.get(key);
    return c ? structuredClone(c) : null;
  }
  async remove(key: string): Promise<void> {
    this.map.delete(key);
  }
}

/** A stored checkpoint that cannot be used as it is: damaged, from another version, or saved from a diverged run. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** Checks one group of stored tensors (shape, Float32Array of the right length); throws CheckpointError naming the first bad one. */
function checkTensorGroup(group: object, what: string): void {
  for (const [name, t] of Object.entries(group) as [string, Partial<StoredTensor> | null][]) {
    const shape = t?.shape;
    if (!Array.isArray(shape) || !shape.every(isCount)) {
      throw new CheckpointError(`The saved checkpoint is damaged: ${what} "${name}" has no valid shape. Start afresh.`);
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (!(t!.data instanceof Float32Array) || t!.data.length !== n) {
      throw new CheckpointError(`The saved checkpoint is damaged: ${what} "${name}" does not hold ${n} numbers for shape [${shape}]. Start afresh.`);
    }
  }
}

/** Names of stored tensors (parameters, BN buffers, optimizer state) that hold a NaN or ±Infinity. */
export function nonFiniteTensors(c: Pick<Checkpoint, 'params' | 'buffers' | 'optimizer'>): string[] {
  const out: string[] = [];
  for (const group of [c.params, c.buffers, c.optimizer]) {
    for (const [name, t] of Object.entries(group)) if (!t.data.every(Number.isFinite)) out.push(name);
  }
  return out;
}

/** The history's curves must be arrays (the run appends to them); returns what is not, in words. */
function badHistory(h: Partial<TrainHistory>): string | null {
  const parts = { step: ['loss', 'lr', 'ms'], grad: ['layers', 'steps', 'norms'], epoch: ['trainLoss', 'trainAcc', 'valLoss', 'valAcc', 'valTop5'] } as const;
  for (const [part, fields] of Object.entries(parts)) {
    const o = h[part as keyof TrainHistory] as Record<string, unknown> | undefined;
    for (const f of fields) if (!o || !Array.isArray(o[f])) return `its history has no ${part} ${f} list`;
  }
  const g = h.grad!;
  if (g.ratios !== undefined && !Array.isArray(g.ratios)) return 'its history has no update-ratio list';
  if (![...g.norms, ...(g.ratios ?? [])].every(Array.isArray)) return 'its history has a damaged gradient row';
  return null;
}

/** The recipe's settings the Trainer builds on must be of their kind; returns the first that is not, e.g. "batch size is Infinity". */
function badRecipe(c: Partial<TrainConfig>): string | null {
  const finite = (v: unknown, min: number) => typeof v === 'number' && Number.isFinite(v) && v >= min;
  const checks: [string, unknown, boolean][] = [
    ['width', c.widthMultiplier, finite(c.widthMultiplier, 0) && c.widthMultiplier! > 0],
    ['batch size', c.batchSize, isCount(c.batchSize) && c.batchSize > 0], ['epochs', c.epochs, isCount(c.epochs) && c.epochs > 0],
    ['seed', c.seed, finite(c.seed, -Infinity)], ['learning rate', c.lr, finite(c.lr, 0)], ['momentum', c.momentum, finite(c.momentum, 0)],
    ['weight decay', c.weightDecay, finite(c.weightDecay, 0)], ['warm-up', c.warmupEpochs, finite(c.warmupEpochs, 0)],
    ['label smoothing', c.labelSmoothing, finite(c.labelSmoothing, 0) && c.labelSmoothing! <= 1], ['patience', c.patience, isCount(c.patience)],
    ['optimizer', c.optimizer, c.optimizer === 'sgd' || c.optimizer === 'adam'],
    ['augmentation', c.augment, !!c.augment && typeof c.augment === 'object'],
  ];
  const bad = checks.find(([, , ok]) => !ok);
  return bad ? `${bad[0]} is ${typeof bad[1] === 'object' ? JSON.stringify(bad[1]) : String(bad[1])}` : null;
}

/** Position, counters and normalisation must be sane numbers; returns the first that is not, in words. */
function badNumbers(k: Partial<Checkpoint>): string | null {
  const counts = { numClasses: k.numClasses, inputSize: k.inputSize, epoch: k.epoch, stepInEpoch: k.stepInEpoch,
    globalStep: k.globalStep, epochsWithoutImprovement: k.epochsWithoutImprovement };
  for (const [f, v] of Object.entries(counts)) if (!isCount(v)) return `its ${f} is ${String(v)}`;
  if (typeof k.bestValLoss !== 'number' || Number.isNaN(k.bestValLoss)) return `its best validation loss is ${String(k.bestValLoss)}`;
  const n = k.normalisation;
  const three = (a: unknown, ok: (v: number) => boolean) => Array.isArray(a) && a.length === 3 && a.every((v) => typeof v === 'number' && ok(v));
  if (!n || !three(n.mean, Number.isFinite) || !three(n.std, (v) => v > 0 && Number.isFinite(v))) return 'its normalisation is not 3 finite means and 3 positive standard deviations';
  if (k.stepInEpoch! > k.globalStep!) return `its step in the epoch (${k.stepInEpoch}) is past its step ${k.globalStep}`;
  const recipe = badRecipe(k.config as Partial<TrainConfig>);
  if (recipe) return `its recipe's ${recipe}`;
  const fc = k.params!['head.fc.bias'];
  if (fc && fc.shape[0] !== k.numClasses) return `it says ${k.numClasses} classes but its classifier has ${fc.shape[0]}`;
  return null;
}

/**
 * Throws a CheckpointError with a readable message when a stored object is not a usable checkpoint: damaged
 * (missing parts, a tensor without a shape or with the wrong number of values, nonsense counters), from another
 * version, or holding NaN/±Infinity (saved from a diverged run). Creates no tensors.
 */
export function validateCheckpoint(c: unknown): Checkpoint {
  const k = c as Partial<Checkpoint> | null;
  if (!k || typeof k !== 'object') throw new CheckpointError('The saved checkpoint is empty or unreadable. Start afresh.');
  if (k.version !== 1) throw new CheckpointError(`The saved checkpoint has version ${String(k.version)}; this studio reads version 1.`);
  for (const f of ['params', 'buffers', 'optimizer', 'history', 'config'] as const) {
    if (!k[f] || typeof k[f] !== 'object') throw new CheckpointError(`The saved checkpoint is damaged: it is missing its ${f}. Start afresh.`);
  }
  checkTensorGroup(k.params!, 'parameter');
  checkTensorGroup(k.buffers!, 'BatchNorm statistic');
  checkTensorGroup(k.optimizer!, 'optimizer state');
  const bad = badNumbers(k) ?? badHistory(k.history!);
  if (bad) throw new CheckpointError(`The saved checkpoint is damaged: ${bad}. Start afresh.`);
  const nonFinite = nonFiniteTensors(k as Checkpoint);
  if (nonFinite.length) {
    throw new CheckpointError(`The saved checkpoint holds NaN or ±Infinity in ${nonFinite.length} tensors (${nonFinite.slice(0, 3).join(', ')}` +
      `${nonFinite.length > 3 ? ', …' : ''}): it was saved from a run that had diverged and cannot be continued. Start afresh, with a lower learning rate.`);
  }
  return k as Checkpoint;
}
