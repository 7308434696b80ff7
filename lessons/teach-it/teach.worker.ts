/**
 * The lesson's worker: owns its own tfjs backend and the student model, so the backbone's minutes of work never
 * block the page. prepare runs the frozen backbone (BN folded, frozenPass.ts) once per picture and keeps the caches;
 * fit trains the head (plain arrays, headFit.ts), stage 4 + head on them, or every layer from the kept pictures;
 * predict and export (safetensors or a tfjs graph model) read the trained model.
 */
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, disposeResNet18, exportTorchvision, exportGraphModel, GRAPH_MODEL_WEIGHTS, type ResNet18 } from '../../src/lib/nn';
import { startBackend } from '../../src/lib/backend/init';
import { backendOrder } from '../../src/lib/backend/choose';
import { extractFeatures, fitCache, predictCached, type FeatureCache } from '../../src/lib/train/featureCache';
import { buildStudent, pictureBatch, predictOne, fitAllLayers, predictPictures } from './teachModel';
import { fitHead } from './headFit';
import { foldBackbone, disposeFolded, frozenPass } from './frozenPass';
import { EXPORT_NAME } from './exportLines';
import type { ExportFile, Pictures, TeachProgress, TeachReply, TeachRequest } from './teachProtocol';
import { i18n, t } from '../../src/lib/i18n/index';

const ctx = self as unknown as { postMessage(m: TeachReply | TeachProgress, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<TeachRequest>) => void) | null };

/** The pictures stay for full fine-tuning; the caches go stale (and are dropped) once all layers have trained. */
interface Session { m: ResNet18; crop: number; pics: { train: Pictures; val: Pictures }; train: FeatureCache[]; val: FeatureCache[]; trainLabels: Int32Array; valLabels: Int32Array }
let session: Session | null = null;

const count = (p: Pictures) => p.labels.length;
// 16 pictures a pass: measured 136 ms of CPU a picture at 224² against 154 at 8 and 162 one at a time (wasm, Node).
const EXTRACT_BATCH = 16;

async function prepare(r: TeachRequest & { type: 'prepare' }): Promise<TeachReply> {
  if (session) disposeResNet18(session.m);
  session = null;
  const m = buildStudent(r.weights, r.classes, r.crop);
  const points = r.stage3 ? (['head.gap', 'stage3'] as const) : (['head.gap'] as const);
  const t0 = performance.now();
  const total = count(r.train) + count(r.val);
  const progress = (base: number) => (done: number) => ctx.postMessage({ type: 'progress', done: base + done, total, what: 'features' });
  const folded = await foldBackbone(m);
  const pass = (x: Parameters<typeof frozenPass>[1], p: Parameters<typeof frozenPass>[2]) => frozenPass(folded, x, p);
  try {
    const train = await extractFeatures(m, [...points], count(r.train), (a, b) => pictureBatch(r.train, a, b, r.crop), { batchSize: EXTRACT_BATCH, onProgress: progress(0), pass });
    const val = await extractFeatures(m, [...points], count(r.val), (a, b) => pictureBatch(r.val, a, b, r.crop), { batchSize: EXTRACT_BATCH, onProgress: progress(count(r.train)), pass });
    session = { m, crop: r.crop, pics: { train: r.train, val: r.val }, train, val, trainLabels: Int32Array.from(r.train.labels), valLabels: Int32Array.from(r.val.labels) };
  } catch (e) {
    disposeResNet18(m);
    throw e;
  } finally {
    disposeFolded(folded);
  }
  const bytes = [...session.train, ...session.val].reduce((s, c) => s + c.data.byteLength, 0);
  return { type: 'prepared', id: r.id, seconds: (performance.now() - t0) / 1000, rows: total, cacheBytes: bytes };
}

async function fit(r: TeachRequest & { type: 'fit' }): Promise<TeachReply> {
  const s = need();
  const t0 = performance.now();
  if (r.point === 'all') {
    const epochLosses = await fitAllLayers(s.m, s.pics.train, s.crop, { epochs: r.epochs, lr: r.lr, batch: 16, seed: 1 });
    s.train = [];
    s.val = [];
    const seconds = (performance.now() - t0) / 1000;
    return { type: 'fitted', id: r.id, seconds, epochLosses, valPredictions: await predictPictures(s.m, s.pics.val, s.crop), valLabels: s.valLabels };
  }
  const cache = s.train.find((c) => c.point === r.point);
  const val = s.val.find((c) => c.point === r.point);
  if (!cache || !val) throw new Error(t('Those backbone outputs were not kept (or all layers have trained since): train again.'));
  const res = r.point === 'head.gap'
    ? await fitHead(s.m, cache, s.trainLabels, { epochs: r.epochs, batchSize: 32, lr: r.lr, seed: 1 })
    : await fitCache(s.m, cache, s.trainLabels, { epochs: r.epochs, batchSize: 32, optimizer: { kind: 'sgd', lr: r.lr, momentum: 0.9 }, stage4LrScale: 0.1, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const pred = await predictCached(s.m, val);
  return { type: 'fitted', id: r.id, seconds, epochLosses: res.epochLosses, valPredictions: pred, valLabels: s.valLabels };
}

/** The trained model's files: torchvision safetensors, or a graph model whose input is the normalised crop². */
async function exportFiles(format: 'safetensors' | 'graph-model'): Promise<ExportFile[]> {
  const m = need().m;
  if (format === 'safetensors') return [{ name: EXPORT_NAME, mime: 'application/octet-stream', bytes: await exportTorchvision(m) }];
  const art = await exportGraphModel(m);
  return [
    { name: 'model.json', mime: 'application/json', bytes: new TextEncoder().encode(JSON.stringify(art.modelJson)) },
    { name: GRAPH_MODEL_WEIGHTS, mime: 'application/octet-stream', bytes: new Uint8Array(art.weightData) },
  ];
}

function need(): Session {
  if (!session) throw new Error(t('Compute the features first.'));
  return session;
}

async function handle(r: TeachRequest): Promise<TeachReply> {
  switch (r.type) {
    case 'init': {
      // tfjs's default is half the logical cores (1 on a 2-core laptop); this worker is the page's only heavy work.
      if (r.backend === 'wasm') setThreadsCount(Math.max(1, navigator.hardwareConcurrency || 1));
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
    case 'export': return { type: 'exported', id: r.id, files: await exportFiles(r.format) };
  }
}

async function answer(r: TeachRequest): Promise<void> {
  if (r.locale) i18n.current = r.locale;
  try {
    const reply = await handle(r);
    const transfer = reply.type === 'exported' ? reply.files.map((f) => f.bytes.buffer as ArrayBuffer) : [];
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
