/**
 * The browser's CheckpointStore: IndexedDB (available in pages and workers; survives reloads and crashes).
 * One object store holds checkpoints by run key, another small records describing each run (so the page can
 * offer "resume" without loading megabytes of weights).
 */
import type { Checkpoint, CheckpointStore } from './checkpoint';

const DB = 'resnet18-notebook-training';
const CKPT = 'checkpoints';
const META = 'runs';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(CKPT);
      req.result.createObjectStore(META);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function tx<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(store, mode);
      const req = fn(t.objectStore(store));
      t.oncomplete = () => resolve(req.result as T);
      t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted (storage full?)'));
    });
  } finally {
    db.close();
  }
}

/** Checkpoints in IndexedDB. */
export class IdbCheckpointStore implements CheckpointStore {
  save(key: string, ckpt: Checkpoint): Promise<void> {
    return tx(CKPT, 'readwrite', (s) => s.put(ckpt, key));
  }
  async load(key: string): Promise<Checkpoint | null> {
    return (await tx<Checkpoint | undefined>(CKPT, 'readonly', (s) => s.get(key))) ?? null;
  }
  async remove(key: string): Promise<void> {
    await tx(CKPT, 'readwrite', (s) => s.delete(key));
    await tx(META, 'readwrite', (s) => s.delete(key));
  }
}

/** What the page needs to offer a resume: how to rebuild the dataset, and where the run was. */
export interface RunRecord {
  key: string;
  /** testFraction: the held-out test split's share (absent in records saved before it existed: none, so a rebuild matches). */
  dataset: { kind: 'synthetic'; perClass: number; seed: number; valFraction: number; testFraction?: number } | { kind: 'custom'; name: string };
  epoch: number;
  globalStep: number;
  totalSteps: number;
  /** Steps per epoch of the run (absent in records saved before it was kept), so the page can name its epochs. */
  stepsPerEpoch?: number;
  /** The held-out test split's one score, once the run has had it: a continued run is not scored again. */
  test?: { top1: number; top5: number; loss: number; count: number; afterEpoch: number };
  savedAt: number;
}

/**
 * The 1-based epoch that global step `done` − 1 (the last step taken) belongs to: the epoch the studio showed
 * beside that step. 1 when no step was taken.
 */
export function epochOfLastStep(done: number, stepsPerEpoch: number): number {
  return done <= 0 ? 1 : Math.floor((done - 1) / Math.max(1, stepsPerEpoch)) + 1;
}

export function saveRunRecord(r: RunRecord): Promise<void> {
  return tx(META, 'readwrite', (s) => s.put(r, r.key));
}

/** A saved-run record that cannot be offered for resuming (damaged, or written by something else). */
export class RunRecordError extends Error {
  override name = 'RunRecordError';
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** What is wrong with a stored record, in words (null when nothing is). */
function recordProblem(r: Partial<RunRecord>): string | null {
  const d = r.dataset as Partial<RunRecord['dataset']> | undefined;
  if (!d || (d.kind !== 'synthetic' && d.kind !== 'custom')) return 'it does not say which dataset it used';
  if (d.kind === 'synthetic' && !(isCount(d.perClass) && d.perClass > 0 && Number.isFinite(d.seed) && d.valFraction! > 0 && d.valFraction! < 1)) {
    return 'its synthetic dataset settings are incomplete';
  }
  if (d.kind === 'synthetic' && d.testFraction !== undefined && !(d.testFraction >= 0 && d.valFraction! + d.testFraction < 1)) {
    return `its test fraction is ${String(d.testFraction)}`;
  }
  if (d.kind === 'custom' && typeof d.name !== 'string') return 'its dataset has no name';
  const bad = (['epoch', 'globalStep', 'totalSteps'] as const).filter((f) => !isCount(r[f]));
  if (bad.length) return bad.map((f) => `its ${f === 'globalStep' ? 'step' : f === 'totalSteps' ? 'step count' : f} is ${String(r[f])}`).join(', ');
  if (r.totalSteps === 0 || r.globalStep! > r.totalSteps!) return `its step ${r.globalStep} is not within its ${r.totalSteps} steps`;
  if (r.stepsPerEpoch !== undefined && !(isCount(r.stepsPerEpoch) && r.stepsPerEpoch > 0 && r.stepsPerEpoch <= r.totalSteps!)) {
    return `its steps per epoch are ${String(r.stepsPerEpoch)}`;
  }
  if (!Number.isFinite(r.savedAt)) return 'it has no save time';
  if (r.test !== undefined && !(r.test && r.test.top1 >= 0 && r.test.top1 <= 1 && isCount(r.test.count) && r.test.count > 0)) return 'its test score is damaged';
  return null;
}

/**
 * The stored object as a RunRecord for `key`, or a RunRecordError saying what is wrong ("its epoch is NaN, its
 * step is -1") so the page can offer a fresh start instead of a resume that would fail.
 */
export function validateRunRecord(raw: unknown, key: string): RunRecord {
  const r = raw as Partial<RunRecord> | null;
  const problem = !r || typeof r !== 'object' ? 'it is unreadable' : r.key !== key ? `it belongs to "${String(r.key)}"` : recordProblem(r);
  if (problem) throw new RunRecordError(`The saved run's record is damaged (${problem}), so it cannot be resumed. Discard it and start afresh.`);
  return r as RunRecord;
}

/** The saved-run record of `key`, validated (throws RunRecordError when damaged); null when there is none. */
export async function loadRunRecord(key: string): Promise<RunRecord | null> {
  const raw = await tx<unknown>(META, 'readonly', (s) => s.get(key));
  return raw === undefined ? null : validateRunRecord(raw, key);
}
