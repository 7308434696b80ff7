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

/** Throws a readable error when a stored object is not a usable checkpoint (corrupt or from another version). */
export function validateCheckpoint(c: unknown): Checkpoint {
  const k = c as Partial<Checkpoint> | null;
  if (!k || typeof k !== 'object') throw new Error('The saved checkpoint is empty or unreadable.');
  if (k.version !== 1) throw new Error(`The saved checkpoint has version ${String(k.version)}; this studio reads version 1.`);
  for (const f of ['params', 'buffers', 'optimizer', 'history', 'config'] as const) {
    if (!k[f] || typeof k[f] !== 'object') throw new Error(`The saved checkpoint is missing its ${f}.`);
  }
  for (const [name, t] of Object.entries(k.params!)) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (!(t.data instanceof Float32Array) || t.data.length !== n) throw new Error(`The saved checkpoint's ${name} is damaged.`);
  }
  return k as Checkpoint;
}
