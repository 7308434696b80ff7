/**
 * The training worker: owns the tfjs backend (chosen by the page and set here — a worker has its own tfjs),
 * the Trainer, and the checkpoint store (IndexedDB). Its RunLoop steps, yielding to the message queue between
 * steps so pause/step/stop arrive promptly, and posts plain-array reports after every step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels, summarize, exportTorchvision, exportGraphModel, GRAPH_MODEL_WEIGHTS, parseSafetensors, heapMemory, type HeapBackend } from '../lib/nn';
import { startBackend } from '../lib/backend/init';
import { backendOrder } from '../lib/backend/choose';
import { Trainer } from '../lib/train/trainer';
import { IdbCheckpointStore } from '../lib/train/idbStore';
import { gradCamOf } from '../lib/train/gradcam';
import { describeLoad } from '../lib/train/finetune';
import { checkpointClause, isOutOfMemory, outOfMemoryMessage } from '../lib/train/failures';
import { WASM_HEAP_LIMIT } from '../lib/train/memoryEstimate';
import type { FromWorker, ToWorker } from './protocol';
import { RunLoop } from './runLoop';

const ctx = self as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const store = new IdbCheckpointStore();
let trainer: Trainer | null = null;
let loop: RunLoop | null = null;

const post = (m: FromWorker) => ctx.postMessage(m);

async function init(backend: ToWorker & { type: 'init' }): Promise<void> {
  const info = await startBackend({ order: backendOrder(backend.backend), reason: 'chosen by the page', overridden: true });
  registerWasmTrainingKernels();
  post({ type: 'ready', backend: info.name, note: info.fallback });
}

async function start(m: ToWorker & { type: 'start' }): Promise<void> {
  await loop?.halt();
  loop = null;
  trainer?.dispose();
  trainer = null;
  // The Trainer gets train and validation only: the test images can steer nothing (see RunLoop).
  const data = { train: m.train, val: m.val };
  const saved = m.resume ? await store.load(m.key) : null;
  const pretrained = !saved && m.config.finetune && m.pretrained ? parseSafetensors(m.pretrained).tensors : undefined;
  trainer = saved ? Trainer.fromCheckpoint(saved, data, store, m.key, m.lrOverride) : Trainer.create(m.config, data, store, m.key, pretrained);
  if (!saved) await store.remove(m.key);
  loop = new RunLoop(trainer, post, m.test ?? null, tf.getBackend() === 'webgl' ? 'First step: compiling WebGL shaders…' : 'First step: warming up…');
  const s = summarize(trainer.model);
  post({ type: 'started', resumed: !!saved, epoch: trainer.epoch, globalStep: trainer.globalStep, stepsPerEpoch: trainer.stepsPerEpoch,
    totalSteps: trainer.totalSteps, history: trainer.history, params: s.totalParams, macs: s.totalMacs, config: trainer.config,
    status: trainer.status, message: trainer.message,
    loadNote: trainer.loadReport ? describeLoad(trainer.loadReport, m.config.finetune?.source ?? 'the file', trainer.model.config.numClasses) : null });
}

async function exportModel(m: ToWorker & { type: 'export' }): Promise<void> {
  if (!trainer) throw new Error('No model to export yet.');
  if (m.format === 'safetensors') {
    const bytes = await exportTorchvision(trainer.model);
    post({ type: 'exported', id: m.id, files: [{ name: `resnet18-${trainer.model.config.variant}-trained.safetensors`, mime: 'application/octet-stream', bytes }] });
  } else {
    // A GraphModel that tf.loadGraphModel reads (model.json must sit beside the weights file it names); its
    // input is the normalised image, as the studio feeds it (the channel mean/std are in the run's config).
    const art = await exportGraphModel(trainer.model);
    post({ type: 'exported', id: m.id, files: [
      { name: 'model.json', mime: 'application/json', bytes: new TextEncoder().encode(JSON.stringify(art.modelJson)) },
      { name: GRAPH_MODEL_WEIGHTS, mime: 'application/octet-stream', bytes: new Uint8Array(art.weightData) },
    ] });
  }
}

async function gradCam(m: ToWorker & { type: 'gradcam' }): Promise<void> {
  if (!trainer) throw new Error('No model to explain yet.');
  const r = await gradCamOf(trainer.model, trainer.data.val, m.index, trainer.norm);
  post({ type: 'gradcam', id: m.id, index: m.index, heat: r.heat, predicted: r.predicted, probability: r.probability });
}

/** Runs a request that expects an answer; its failure is that request's answer and leaves the run as it was. */
async function answer(id: number, work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (err) {
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  }
}

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'init') return init(m);
  if (m.type === 'start') return start(m);
  if (m.type === 'export') return answer(m.id, exportModel(m));
  if (m.type === 'gradcam') return answer(m.id, gradCam(m));
  if (m.type === 'pause') return loop?.pause();
  if (m.type === 'stop') {
    await loop?.pause();
    const kept = trainer?.lastCheckpoint ?? null;
    post({ type: 'status', phase: 'stopped', message: `Stopped; ${checkpointClause(kept)}${kept ? ': continue from it or start afresh' : ''}.` });
    return;
  }
  if (!loop || loop.trainer.status !== 'ready') return;
  // Not awaited: the queue must stay free so that 'pause' and 'stop' can reach the loop.
  if (m.type === 'run') loop.run().catch(report);
  else if (m.type === 'step') await loop.singleStep();
}

/** Bytes the wasm heap has grown to (it never shrinks) and its ceiling; undefined on other backends. */
function wasmHeap(): { bytes: number; limit: number } | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  return { bytes: heapMemory(tf.backend() as unknown as HeapBackend).buffer.byteLength, limit: WASM_HEAP_LIMIT };
}

/**
 * The run failed: reported as 'oom' (the Trainer's verdict, an allocation failure by its words, or any failure
 * with the wasm heap at its ceiling) or 'error'. Either way the page starts a fresh worker for the next run.
 */
function report(err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err);
  let heap: ReturnType<typeof wasmHeap>;
  try {
    heap = wasmHeap();
  } catch {
    heap = undefined; // a backend that failed to start has no heap to read
  }
  if (trainer?.status === 'oom') post({ type: 'status', phase: 'oom', message: trainer.message });
  else if (isOutOfMemory(err, heap)) post({ type: 'status', phase: 'oom', message: outOfMemoryMessage(detail, trainer?.lastCheckpoint ?? null) });
  else post({ type: 'status', phase: 'error', message: trainer?.status === 'error' ? trainer.message : detail });
}

/** Messages are handled one after another (init must finish before start, start before run). */
let queue: Promise<void> = Promise.resolve();
ctx.onmessage = (e) => {
  queue = queue.then(() => handle(e.data)).catch(report);
};
