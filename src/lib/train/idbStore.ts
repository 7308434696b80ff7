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
  dataset: { kind: 'synthetic'; perClass: number; seed: number; valFraction: number } | { kind: 'custom'; name: string };
  epoch: number;
  globalStep: number;
  totalSteps: number;
  savedAt: number;
}

export function saveRunRecord(r: RunRecord): Promise<void> {
  return tx(META, 'readwrite', (s) => s.put(r, r.key));
}

export async function loadRunRecord(key: string): Promise<RunRecord | null> {
  return (await tx<RunRecord | undefined>(META, 'readonly', (s) => s.get(key))) ?? null;
}
