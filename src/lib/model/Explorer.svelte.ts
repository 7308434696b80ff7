/**
 * App state of the ResNet-18 explorer ("The architecture" and "Run it"): the full model (seeded random init
 * until weights arrive), the picture and its preprocessing, ONE forward pass whose every layer's activation is
 * kept (tensors owned here; switching layers reads, never recomputes), top-5, Grad-CAM and saliency as plain
 * arrays. Heavy tensors are disposed when replaced and in dispose().
 */
import * as tf from '@tensorflow/tfjs-core';
import { createResNet18, disposeResNet18, type ResNet18, type ForwardResult, type ResNetConfig, parseSafetensors, type SafeTensor, preprocess, parsePreprocessorConfig, toInputTensor, RESNET18_PREPROCESS, type PreprocessConfig, type PreprocessResult, type RgbaImage, applyCheckpoint, describeModel, gradCam, runAllLayers, saliency, toPlain, topK, type TopKEntry } from '../nn';
import { loadFromHub, DEFAULT_REPO, HUB_BASE, type HubProgress } from '../hub/hub';
import type { ChannelSort } from '../viz/featureGrid';
import { backend } from '../state/Backend.svelte';

/** File bytes (FileReader where Blob.arrayBuffer is missing, e.g. older Safari and jsdom). */
function readBytes(f: Blob): Promise<Uint8Array> {
  if (typeof f.arrayBuffer === 'function') return f.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(new Error('the file could not be read'));
    r.readAsArrayBuffer(f);
  });
}

/**
 * `?hub=http://localhost:PORT` points the loader at a local mirror with the hub's URL layout (offline
 * classrooms, and the browser test). Only loopback addresses are accepted from the URL.
 */
function localHubMirror(): string | null {
  try {
    const q = new URLSearchParams(globalThis.location?.search ?? '').get('hub');
    return q && /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(q) ? q : null;
  } catch {
    return null;
  }
}

export type WeightsState = 'random' | 'loading' | 'pretrained';

/** One image's activation of a layer as plain numbers: [h,w,c]. */
export interface PlainMap { data: Float32Array; shape: [number, number, number] }

export class Explorer {
  /** 'random': seeded torchvision init (untrained); 'pretrained': a checkpoint was loaded. */
  weights = $state<WeightsState>('random');
  weightsLabel = $state('untrained (seeded random initialisation)');
  labels = $state.raw<string[] | null>(null);
  progress = $state.raw<HubProgress | null>(null);
  repo = $state(DEFAULT_REPO);
  revision = $state('main');
  picture = $state.raw<PreprocessResult | null>(null);
  pictureName = $state('');
  top = $state.raw<(TopKEntry & { label: string })[]>([]);
  /** Milliseconds of the last forward pass (run + reading the logits); `warmup` marks the first on this backend. */
  latencyMs = $state<number | null>(null);
  warmup = $state(false);
  layer = $state('stem.conv');
  channel = $state(0);
  sort = $state<ChannelSort>('index');
  featureMap = $state.raw<PlainMap | null>(null);
  camClass = $state<number | null>(null);
  cam = $state.raw<Float32Array | null>(null);
  saliencyMap = $state.raw<Float32Array | null>(null);
  opacity = $state(0.5);
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  #model: ResNet18 | null = null;
  #pre: PreprocessConfig = RESNET18_PREPROCESS;
  #result: ForwardResult | null = null;
  #input: tf.Tensor4D | null = null;
  #abort: AbortController | null = null;
  #warmed = new Set<string>();
  #config: Partial<ResNetConfig>;
  /** Backend generation the model's variables were last checked on (see #checkModel). */
  #generation = -1;
  #hubBase: string;

  /** Defaults: the full ImageNet ResNet-18 and microsoft/resnet-18 preprocessing; tests pass a tiny model. */
  constructor(opts: { config?: Partial<ResNetConfig>; preprocess?: PreprocessConfig } = {}) {
    this.#config = opts.config ?? {};
    this.#pre = opts.preprocess ?? RESNET18_PREPROCESS;
    this.#hubBase = localHubMirror() ?? HUB_BASE;
  }

  /** The model, built on first use (11.7 M parameters, seeded). */
  get model(): ResNet18 {
    this.#model ??= createResNet18(this.#config);
    return this.#model;
  }

  /** Plain description of the built model (summary + graph) for the architecture graph and stage table. */
  describe() {
    return describeModel(this.model);
  }

  /** Name of class i: id2label when a checkpoint gave one, else "class i". */
  label(i: number): string {
    return this.labels?.[i] ?? `class ${i}`;
  }

  /** Preprocesses a picture (RGBA pixels) and runs the model on it. */
  async setPicture(img: RgbaImage, name: string): Promise<void> {
    this.error = null;
    this.pictureName = name;
    try {
      this.picture = preprocess(img, this.#pre);
    } catch (e) {
      this.error = `Could not preprocess ${name}: ${(e as Error).message}`;
      return;
    }
    await this.run();
  }

  /**
   * After the backend restarted (another backend chosen, or a lost WebGL context rebuilt), checks that the
   * model's variables still hold data. A lost context takes GPU-resident weights with it: then the model is
   * rebuilt (seeded random) and the page says so; re-loading cached weights is instant.
   */
  async #checkModel(generation: number): Promise<void> {
    if (generation === this.#generation || !this.#model) { this.#generation = generation; return; }
    this.#generation = generation;
    try {
      await this.#model.params.get('stem.bn.gamma')!.data();
    } catch {
      this.#clearRun();
      try { disposeResNet18(this.#model); } catch { /* already gone with its backend */ }
      this.#model = null;
      this.weights = 'random';
      this.weightsLabel = 'untrained (seeded random initialisation)';
      this.error = 'The graphics context was lost and took the weights with it: the model was rebuilt with random weights. Load the weights again (a cached download is instant).';
    }
  }

  /** One forward pass with every layer tapped; replaces (and disposes) the previous one. */
  async run(generation = backend.generation): Promise<void> {
    if (!this.picture) return;
    this.busy = 'Running ResNet-18…';
    try {
      await this.#checkModel(generation);
      this.#clearRun();
      this.#input = toInputTensor(this.picture);
      const backend = tf.getBackend();
      this.warmup = !this.#warmed.has(backend);
      const t0 = performance.now();
      this.#result = runAllLayers(this.model, this.#input);
      const top = await topK(this.#result.logits, 5);
      this.latencyMs = performance.now() - t0;
      this.#warmed.add(backend);
      this.top = top.map((t) => ({ ...t, label: this.label(t.index) }));
      await this.showLayer(this.layer);
      await this.showCam(top[0].index);
    } catch (e) {
      this.error = `The forward pass failed: ${(e as Error).message}`;
    } finally {
      this.busy = null;
    }
  }

  /** Figures call this on mount: after a backend restart the kept pass is recomputed on the new backend. */
  async refresh(): Promise<void> {
    if (this.picture && backend.generation !== this.#generation && !this.busy) await this.run();
  }

  /** Reads one layer's activation from the kept pass (no recompute). Non-spatial layers show nothing. */
  async showLayer(name: string): Promise<void> {
    this.layer = name;
    const t = this.#result?.activations.get(name);
    if (!t || t.rank !== 4) { this.featureMap = null; return; }
    const p = await toPlain(t);
    if (this.layer !== name) return; // a newer pick won
    this.featureMap = { data: p.data, shape: p.shape as [number, number, number] };
    this.channel = Math.min(this.channel, p.shape[2] - 1);
  }

  /** Grad-CAM of class c (last stage), upsampled to the crop; read as plain numbers. */
  async showCam(c: number): Promise<void> {
    const a = this.#result?.activations.get('stage4.block2.relu2') as tf.Tensor4D | undefined;
    if (!a || !this.picture) return;
    this.camClass = c;
    const [, h, w] = this.picture.shape;
    const cam = gradCam(this.model, a, c, [h, w]);
    const data = (await cam.data()) as Float32Array;
    cam.dispose();
    if (this.camClass === c) this.cam = data;
  }

  /** Vanilla saliency of the Grad-CAM class: a full backward pass, so only on request. */
  async showSaliency(): Promise<void> {
    if (!this.#input || this.camClass === null) return;
    this.busy = 'Computing the saliency map (one backward pass)…';
    try {
      const s = saliency(this.model, this.#input, this.camClass);
      this.saliencyMap = (await s.data()) as Float32Array;
      s.dispose();
    } catch (e) {
      this.error = `Saliency failed: ${(e as Error).message}`;
    } finally {
      this.busy = null;
    }
  }

  /** First-layer filters HWIO [7,7,3,64] as plain numbers. */
  async stemFilters(): Promise<{ data: Float32Array; shape: [number, number, number, number] }> {
    const v = this.model.params.get('stem.conv.weight')!;
    return { data: (await v.data()) as Float32Array, shape: v.shape as [number, number, number, number] };
  }

  /** Downloads repo@revision from the hub (cached after the first time) and loads it. */
  async loadFromHub(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const before = this.weights;
    this.weights = 'loading';
    this.error = null;
    try {
      const ck = await loadFromHub({ repo: this.repo, revision: this.revision, baseUrl: this.#hubBase, signal: abort.signal, onProgress: (p) => { this.progress = p; } });
      await this.#apply(ck.tensors, ck.config, ck.preprocessor, `${this.repo}@${this.revision}${ck.fromCache ? ' (from the browser cache)' : ''}`);
    } catch (e) {
      this.weights = before;
      this.error = (e as Error).message;
    } finally {
      this.progress = null;
      if (this.#abort === abort) this.#abort = null;
    }
  }

  /** Cancels a running download; the model keeps the weights it had. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** Loads dropped files: model.safetensors (HF or torchvision names) plus optional config.json / preprocessor_config.json. */
  async loadFiles(files: File[]): Promise<void> {
    this.error = null;
    const st = files.find((f) => f.name.endsWith('.safetensors'));
    if (!st) { this.error = 'Drop a .safetensors checkpoint (with its config.json for class names).'; return; }
    const json = async (pred: (n: string) => boolean) => {
      const f = files.find((x) => pred(x.name));
      if (!f) return undefined;
      try { return JSON.parse(new TextDecoder().decode(await readBytes(f))); } catch (e) { throw new Error(`${f.name} is not valid JSON: ${(e as Error).message}`); }
    };
    try {
      const pre = await json((n) => n.includes('preprocessor'));
      const cfg = await json((n) => n.endsWith('.json') && !n.includes('preprocessor'));
      const parsed = parseSafetensors(await readBytes(st));
      await this.#apply(parsed.tensors, cfg, pre, st.name);
    } catch (e) {
      this.error = `${st.name}: ${(e as Error).message}`;
    }
  }

  async #apply(tensors: Map<string, SafeTensor>, config: unknown, preprocessor: unknown, label: string): Promise<void> {
    const pre = preprocessor === undefined ? this.#pre : parsePreprocessorConfig(preprocessor);
    const { report, labels } = applyCheckpoint(this.model, tensors, config);
    this.#pre = pre;
    if (labels) this.labels = labels;
    this.weights = 'pretrained';
    this.weightsLabel = `${label}: ${report.loaded.length} tensors, ${report.format} names${this.labels ? '' : ' (no class names: add config.json)'}`;
    if (this.picture) await this.setPicture(this.picture.original, this.pictureName);
  }

  #clearRun(): void {
    if (this.#result) {
      this.#result.logits.dispose();
      for (const t of this.#result.activations.values()) t.dispose();
    }
    this.#input?.dispose();
    this.#result = null;
    this.#input = null;
    this.cam = null;
    this.saliencyMap = null;
  }

  /** Frees every tensor this state owns, the model included. */
  dispose(): void {
    this.#abort?.abort();
    this.#clearRun();
    if (this.#model) disposeResNet18(this.#model);
    this.#model = null;
  }
}

let shared: Explorer | null = null;

/** The one explorer both lessons share (one 47 MB model in memory, one loaded checkpoint). */
export function sharedExplorer(): Explorer {
  shared ??= new Explorer();
  return shared;
}
