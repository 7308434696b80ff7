/**
 * The lesson's worker: owns its own tfjs backend and the student model, so the backbone's minutes of work never
 * block the page. prepare runs the frozen backbone once per picture (featureCache.ts) and keeps the caches;
 * fit trains the head (or stage 4 + head) on them; predict and export read the trained model.
 */
import { registerWasmTrainingKernels, disposeResNet18, exportTorchvision, type ResNet18 } from '../../src/lib/nn';
import { startBackend } from '../../src/lib/backend/init';
import { backendOrder } from '../../src/lib/backend/choose';
import { extractFeatures, fitCache, predictCached, type FeatureCache } from '../../src/lib/train/featureCache';
import { buildStudent, pictureBatch, predictOne } from './teachModel';
import type { Pictures, TeachProgress, TeachReply, TeachRequest } from './teachProtocol';

const ctx = self as unknown as { postMessage(m: TeachReply | TeachProgress, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<TeachRequest>) => void) | null };

interface Session { m: ResNet18; crop: number; train: FeatureCache[]; val: FeatureCache[]; trainLabels: Int32Array; valLabels: Int32Array }
let session: Session | null = null;

const count = (p: Pictures) => p.labels.length;

async function prepare(r: TeachRequest & { type: 'prepare' }): Promise<TeachReply> {
  if (session) disposeResNet18(session.m);
  session = null;
  const m = buildStudent(r.weights, r.classes);
  const points = r.stage3 ? (['head.gap', 'stage3'] as const) : (['head.gap'] as const);
  const t0 = performance.now();
  const total = count(r.train) + count(r.val);
  const progress = (base: number) => (done: number) => ctx.postMessage({ type: 'progress', done: base + done, total, what: 'features' });
  try {
    const train = await extractFeatures(m, [...points], count(r.train), (a, b) => pictureBatch(r.train, a, b, r.crop), { batchSize: 8, onProgress: progress(0) });
    const val = await extractFeatures(m, [...points], count(r.val), (a, b) => pictureBatch(r.val, a, b, r.crop), { batchSize: 8, onProgress: progress(count(r.train)) });
    session = { m, crop: r.crop, train, val, trainLabels: Int32Array.from(r.train.labels), valLabels: Int32Array.from(r.val.labels) };
  } catch (e) {
    disposeResNet18(m);
    throw e;
  }
  const bytes = [...session.train, ...session.val].reduce((s, c) => s + c.data.byteLength, 0);
  return { type: 'prepared', id: r.id, seconds: (performance.now() - t0) / 1000, rows: total, cacheBytes: bytes };
}

async function fit(r: TeachRequest & { type: 'fit' }): Promise<TeachReply> {
  const s = need();
  const cache = s.train.find((c) => c.point === r.point);
  const val = s.val.find((c) => c.point === r.point);
  if (!cache || !val) throw new Error('Stage-3 activations were not kept: prepare again with "unfreeze stage 4" ticked.');
  const t0 = performance.now();
  const optimizer = r.point === 'head.gap' ? { kind: 'adam' as const, lr: r.lr } : { kind: 'sgd' as const, lr: r.lr, momentum: 0.9 };
  const res = await fitCache(s.m, cache, s.trainLabels, { epochs: r.epochs, batchSize: 32, optimizer, stage4LrScale: 0.1, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const pred = await predictCached(s.m, val);
  return { type: 'fitted', id: r.id, seconds, epochLosses: res.epochLosses, valPredictions: pred, valLabels: s.valLabels };
}

function need(): Session {
  if (!session) throw new Error('Compute the features first.');
  return session;
}

async function handle(r: TeachRequest): Promise<TeachReply> {
  switch (r.type) {
    case 'init': {
      const info = await startBackend({ order: backendOrder(r.backend), reason: 'chosen by the page', overridden: true });
      registerWasmTrainingKernels();
      return { type: 'ready', id: r.id, backend: info.name };
    }
    case 'prepare': return prepare(r);
    case 'fit': return fit(r);
    case 'predict': {
      const s = need();
      return { type: 'predicted', id: r.id, ...(await predictOne(s.m, r.picture, s.crop, r.camClass)) };
    }
    case 'export': return { type: 'exported', id: r.id, bytes: await exportTorchvision(need().m) };
  }
}

async function answer(r: TeachRequest): Promise<void> {
  try {
    const reply = await handle(r);
    const transfer = reply.type === 'exported' ? [reply.bytes.buffer as ArrayBuffer] : [];
    ctx.postMessage(reply, transfer);
  } catch (err) {
    ctx.postMessage({ type: 'failed', id: r.id, message: (err as Error).message });
  }
}

// One request at a time, in order: 'prepare' must not start before 'init' has chosen the backend, and a
// prediction must not read the model while a fit is changing it.
let queue: Promise<void> = Promise.resolve();
ctx.onmessage = (e) => {
  queue = queue.then(() => answer(e.data));
};
