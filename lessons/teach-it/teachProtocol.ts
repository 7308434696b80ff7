/**
 * Messages between the "Teach it your classes" page and its worker (teach.worker.ts). Pictures travel as square
 * RGB uint8 [n,side,side,3] (HWC per image); weights as plain float arrays in the model's own layout (HWIO convs,
 * fc [in,out]). Every request carries an id; the reply with that id settles it (PendingRequests).
 */
import type { BackendName } from '../../src/lib/backend/choose';
import type { CachePoint } from '../../src/lib/train/featureCache';
import type { Locale } from '../../src/lib/i18n/index';

/** Square RGB pictures with class ids; `side` px each. */
export interface Pictures { rgb: Uint8Array; labels: Uint8Array; side: number }

/** The backbone's weights, read off the page's loaded model: every tensor but head.fc. */
export interface WeightArrays { names: string[]; shapes: number[][]; data: Float32Array[] }

/** What a fit trains from: the pooled cache (head), the stage-3 cache (stage 4 + head), or the pictures (all layers). */
export type FitPoint = CachePoint | 'all';

/** Export formats: torchvision-named safetensors, or a TensorFlow.js graph model (model.json + weights file). */
export type ExportFormat = 'safetensors' | 'graph-model';

/** One file of an export, ready to download. */
export interface ExportFile { name: string; mime: string; bytes: Uint8Array }

/** Every request also carries the page's language, so the worker's messages (its errors) come back in it. */
export type TeachRequest = { locale?: Locale } & (
  | { type: 'init'; id: number; backend: BackendName }
  | { type: 'prepare'; id: number; weights: WeightArrays; classes: number; crop: number; train: Pictures; val: Pictures; stage3: boolean }
  | { type: 'fit'; id: number; point: FitPoint; epochs: number; lr: number }
  | { type: 'predict'; id: number; picture: Pictures; camClass: number | null }
  | { type: 'export'; id: number; format: ExportFormat }
);

export type TeachReply =
  | { type: 'ready'; id: number; backend: string }
  | { type: 'prepared'; id: number; seconds: number; rows: number; cacheBytes: number }
  | { type: 'fitted'; id: number; seconds: number; epochLosses: number[]; valPredictions: Int32Array; valLabels: Int32Array }
  | { type: 'predicted'; id: number; probs: Float32Array; heat: Float32Array; camClass: number; crop: Uint8Array; side: number }
  | { type: 'exported'; id: number; files: ExportFile[] }
  | { type: 'failed'; id: number; message: string };

/** Progress of a long request (features: rows done of total); no id, at most one long request runs at a time. */
export interface TeachProgress { type: 'progress'; done: number; total: number; what: string }
