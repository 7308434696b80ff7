/**
 * The page side of "Teach it your classes": the learner's pictures per class (square RGB, SIDE px, bounded),
 * the split, and the requests to the lesson's worker (features once, then head / stage 4 training, predictions,
 * export). Heavy work never runs here; the weights come from the app's one LoadedModel.
 */
import type { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import type { BackendName } from '../../src/lib/backend/choose';
import { PendingRequests } from '../../src/workers/requests';
import { stratifiedSplit } from '../../src/lib/data/split';
import { teachSplitProblem } from './splitText';
import { confusionMatrix } from '../../src/lib/data/metrics';
import type { ImageDataset } from '../../src/lib/data/dataset';
import { withMirrors } from './mirrorDraws';
import { HEAD_EPOCHS, HEAD_LR, FULL_LR, CROPS } from './teachModel';
import { i18n, t } from '../../src/lib/i18n/index';
import type { ExportFile, ExportFormat, Pictures, TeachProgress, TeachReply, TeachRequest, WeightArrays } from './teachProtocol';

/** Side of a kept picture: the crop/0.875 edge of the 224 pipeline, so a 224 crop resizes nothing. */
export const SIDE = 256;
/** Bounds on what the page keeps (SIDE² RGB = 192 KB a picture: at most 8 × 40 ≈ 63 MB). */
export const MAX_CLASSES = 8;
export const MAX_PER_CLASS = 40;

type Reply<T extends TeachReply['type']> = Extract<TeachReply, { type: T }>;
type Request = TeachRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** What trains: the new head only, stage 4 + head (from the stage-3 cache), or every layer (from the pictures). */
export type Tuning = 'head' | 'stage4' | 'all';
/** Epochs of the stages after the head: stage 4 + head from its cache, and full fine-tuning from the pictures. */
export const STAGE4_EPOCHS = 3;
export const FULL_EPOCHS = 2;

/** After training: what the results panel shows. */
export interface TeachResult { classNames: string[]; confusion: number[][]; valCount: number; epochLosses: number[]; seconds: number; tuning: Tuning; crop: number }

/** One crop of the crop comparison, measured on the learner's pictures: backbone time, head time, held-out top-1. */
export interface CropRun { crop: number; featuresSeconds: number; pictures: number; headSeconds: number; correct: number; valCount: number }

interface Split { names: string[]; train: ImageDataset; val: ImageDataset }
interface RunReplies { prep: Reply<'prepared'>; head: Reply<'fitted'>; fit: Reply<'fitted'> }

/** Text shown while the session works; a function so it is worded in the language shown when it renders. */
export type Busy = () => string;

export class TeachSession {
  classNames = $state<string[]>([t('class {n}', { n: 1 }), t('class {n}', { n: 2 })]);
  counts = $state<number[]>([0, 0]);
  /**
   * What the pictures are ("folder …", "the procedural example set"), worded where it is shown: a function, so a
   * language switch rewords a line already on the page. Null before any set was loaded.
   */
  origin = $state.raw<(() => string) | null>(null);
  crop = $state(224);
  tuning = $state<Tuning>('head');
  /** Add each training picture's mirror image as one augmentation draw (twice the backbone passes, once). */
  mirror = $state(false);
  busy = $state<Busy | null>(null);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  error = $state<string | null>(null);
  featuresSeconds = $state<number | null>(null);
  /** Bytes the kept backbone outputs take (pooled features, plus stage-3 activations when unfreezing). */
  cacheBytes = $state<number | null>(null);
  result = $state.raw<TeachResult | null>(null);
  /** The crop comparison's rows, in the order run (the chosen crop last); empty until the learner asks for it. */
  cropRuns = $state.raw<CropRun[]>([]);
  #pictures: Uint8Array[][] = [[], []];
  #worker: Worker | null = null;
  #requests = new PendingRequests<TeachReply>();

  constructor(readonly model: LoadedModel, readonly backend: () => BackendName) {}

  /** Adds one SIDE×SIDE RGB picture to class `c`; false (and a message) when the class is full. */
  add(c: number, rgb: Uint8Array): boolean {
    if (this.#pictures[c].length >= MAX_PER_CLASS) {
      this.error = t('Class "{name}" has {max} pictures, the most this page keeps.', { name: this.classNames[c], max: MAX_PER_CLASS });
      return false;
    }
    this.#pictures[c].push(rgb);
    this.counts[c] = this.#pictures[c].length;
    this.result = null;
    return true;
  }

  addClass(): void {
    if (this.classNames.length >= MAX_CLASSES) { this.error = t('At most {max} classes.', { max: MAX_CLASSES }); return; }
    this.classNames.push(t('class {n}', { n: this.classNames.length + 1 }));
    this.counts.push(0);
    this.#pictures.push([]);
  }

  /** Replaces every picture with a dataset's (SIDE px RGB), keeping at most MAX_PER_CLASS of MAX_CLASSES classes. */
  replaceWith(d: ImageDataset, origin: () => string): void {
    if (d.width !== SIDE || d.height !== SIDE) throw new Error(`pictures must be ${SIDE}×${SIDE}`);
    const k = Math.min(d.classNames.length, MAX_CLASSES);
    this.#pictures = Array.from({ length: k }, () => []);
    const px = SIDE * SIDE * 3;
    for (let i = 0; i < d.labels.length; i++) {
      const c = d.labels[i];
      if (c < k && this.#pictures[c].length < MAX_PER_CLASS) this.#pictures[c].push(d.images.slice(i * px, (i + 1) * px));
    }
    this.classNames = d.classNames.slice(0, k);
    this.counts = this.#pictures.map((p) => p.length);
    this.origin = origin;
    this.result = null;
    this.error = d.classNames.length > k ? t('Only the first {max} classes were kept.', { max: MAX_CLASSES }) : null;
  }

  /** The pictures as one dataset (class names trimmed), for the split. */
  #dataset(): ImageDataset {
    const px = SIDE * SIDE * 3;
    const n = this.counts.reduce((a, b) => a + b, 0);
    const images = new Uint8Array(n * px);
    const labels = new Uint8Array(n);
    let i = 0;
    this.#pictures.forEach((list, c) => list.forEach((p) => { images.set(p, i * px); labels[i++] = c; }));
    return { images, labels, width: SIDE, height: SIDE, classNames: this.classNames.map((s) => s.trim()) };
  }

  /** Backbone tensors of the loaded model as arrays (everything but head.fc), read without blocking. */
  async #weights(): Promise<WeightArrays> {
    const m = this.model.resnet;
    const w: WeightArrays = { names: [], shapes: [], data: [] };
    for (const [name, v] of [...m.params, ...m.buffers]) {
      if (name.startsWith('head.fc.')) continue;
      w.names.push(name);
      w.shapes.push(v.shape.slice());
      w.data.push((await v.data()) as Float32Array);
    }
    return w;
  }

  /** The split pictures, or null (and a message) when names or counts do not allow training. */
  #split(): Split | null {
    this.error = null;
    const names = this.classNames.map((s) => s.trim());
    if (names.some((s) => !s) || new Set(names).size !== names.length) { this.error = t('Give every class its own name.'); return null; }
    const { train, val } = stratifiedSplit(this.#dataset(), 0.25, 1);
    const problem = teachSplitProblem(train, val);
    if (problem) { this.error = problem; return null; }
    return { names, train, val };
  }

  /** Backbone once at `crop`, then the head, then what `tuning` adds; the last fit's reply and the backbone's seconds. */
  async #run(split: Split, crop: number, tuning: Tuning, epochs: number): Promise<RunReplies> {
    this.busy = () => t('Reading the weights…');
    const weights = await this.#weights();
    this.busy = () => t('Running the frozen backbone once per picture at {crop}×{crop}…', { crop: String(crop) });
    const pics = (s: ImageDataset): Pictures => ({ rgb: s.images, labels: s.labels, side: SIDE });
    const draws = this.mirror ? withMirrors(split.train) : split.train;
    const prep = await this.#ask<'prepared'>({ type: 'prepare', weights, classes: split.names.length, crop, train: pics(draws), val: pics(split.val), stage3: tuning === 'stage4' });
    this.busy = () => t('Training the head on the cached features…');
    const head = await this.#ask<'fitted'>({ type: 'fit', point: 'head.gap', epochs, lr: HEAD_LR });
    let fit = head;
    if (tuning === 'stage4') {
      this.busy = () => t('Training stage 4 (lr × 0.1) + head from the cached stage-3 activations…');
      fit = await this.#ask<'fitted'>({ type: 'fit', point: 'stage3', epochs: STAGE4_EPOCHS, lr: 0.01 });
    } else if (tuning === 'all') {
      this.busy = () => t('Training every layer from the pictures (backbone lr × 0.1), {epochs} epochs…', { epochs: FULL_EPOCHS });
      fit = await this.#ask<'fitted'>({ type: 'fit', point: 'all', epochs: FULL_EPOCHS, lr: FULL_LR });
    }
    return { prep, head, fit };
  }

  #show(names: string[], crop: number, tuning: Tuning, r: RunReplies): void {
    this.featuresSeconds = r.prep.seconds;
    this.cacheBytes = r.prep.cacheBytes;
    this.result = {
      classNames: names, confusion: confusionMatrix(r.fit.valLabels, r.fit.valPredictions, names.length), valCount: r.fit.valLabels.length,
      epochLosses: r.fit.epochLosses, seconds: r.fit.seconds, tuning, crop,
    };
  }

  /** Features once (worker), then the head, then — if chosen — stage 4 + head or every layer; fills `result`. Never throws. */
  async train(epochs = HEAD_EPOCHS): Promise<void> {
    const split = this.#split();
    if (!split) return;
    const crop = this.crop, tuning = this.tuning;
    try {
      this.#show(split.names, crop, tuning, await this.#run(split, crop, tuning, epochs));
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }

  /**
   * The crop trade-off on the learner's own pictures: backbone + head (frozen) at every crop of CROPS, the chosen
   * crop last so the model left in the worker (and `result`) is the chosen one. Fills `cropRuns`. Never throws.
   */
  async compareCrops(epochs = HEAD_EPOCHS): Promise<void> {
    const split = this.#split();
    if (!split) return;
    const chosen = this.crop;
    const order = [...CROPS.filter((c) => c !== chosen), chosen];
    const runs: CropRun[] = [];
    this.cropRuns = [];
    try {
      for (const crop of order) {
        const r = await this.#run(split, crop, 'head', epochs);
        const correct = r.fit.valPredictions.reduce((n, p, i) => n + (p === r.fit.valLabels[i] ? 1 : 0), 0);
        runs.push({ crop, featuresSeconds: r.prep.seconds, pictures: r.prep.rows, headSeconds: r.head.seconds, correct, valCount: r.fit.valLabels.length });
        this.cropRuns = [...runs];
        if (crop === chosen) this.#show(split.names, crop, 'head', r);
      }
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }

  /** Prediction and Grad-CAM of the trained model for one SIDE×SIDE RGB picture. Throws in plain words. */
  predict(rgb: Uint8Array, camClass: number | null = null): Promise<Reply<'predicted'>> {
    return this.#ask<'predicted'>({ type: 'predict', picture: { rgb, labels: new Uint8Array(1), side: SIDE }, camClass });
  }

  /** The trained model's files in `format` (torchvision safetensors, or a tfjs graph model's two files). */
  async exportFiles(format: ExportFormat): Promise<ExportFile[]> {
    return (await this.#ask<'exported'>({ type: 'export', format })).files;
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const w = new Worker(new URL('./teach.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<TeachReply | TeachProgress>) => {
      const m = e.data;
      if (m.type === 'progress') { this.progress = { done: m.done, total: m.total }; return; }
      if (m.type === 'failed') this.#requests.reject(m.id, new Error(m.message));
      else this.#requests.resolve(m.id, m);
    };
    w.onerror = (e) => { e.preventDefault?.(); this.#end(t('The worker stopped: {reason} Try fewer pictures or a smaller crop.', { reason: e.message || t('out of memory?') })); };
    this.#worker = w;
    void this.#requests.open((id) => w.postMessage({ type: 'init', id, backend: this.backend(), locale: i18n.current } satisfies TeachRequest)).catch(() => undefined);
    return w;
  }

  #ask<T extends TeachReply['type']>(req: Request): Promise<Reply<T>> {
    const w = this.#ensureWorker();
    return this.#requests.open((id) => w.postMessage({ ...req, id, locale: i18n.current } as TeachRequest)) as Promise<Reply<T>>;
  }

  #end(message: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#requests.rejectAll(new Error(message));
  }

  /** Ends the worker (its model and caches go with it). */
  dispose(): void {
    this.#end('The lesson was closed.');
  }
}
