/**
 * The one loaded ResNet-18 every lesson reads: its tfjs variables, where its weights came from (seeded random
 * init, a hub checkpoint, dropped files), and the class names and preprocessing that belong to those weights.
 * Weights, labels and preprocessing change together or not at all: a failed load leaves all three as they were.
 * App.svelte owns the one instance and hands it to figures through Svelte context (context.ts). To hear about
 * new weights, read `version` in an effect, or register a plain callback with onChange().
 */
import { createResNet18, disposeResNet18, makeConfig, applyCheckpoint, describeModel, parsePreprocessorConfig, RESNET18_PREPROCESS, type ResNet18, type ResNetConfig, type PreprocessConfig, type SafeTensor } from '../nn';
import { loadFromHub, DEFAULT_REPO, type HubProgress } from '../hub/hub';
import { readDroppedCheckpoint, type FileLimits } from './checkpointFiles';
import { pageHubBase } from './hubAddress';
import { loadImagenetLabels } from './imagenetLabels';
import { t, i18n } from '../i18n/index';

/** 'random': seeded torchvision init (untrained); 'pretrained': downloaded from the hub; 'file': dropped or picked files. */
export type WeightsSource = 'random' | 'pretrained' | 'file';

/** Where 'pretrained' weights were downloaded from. */
export interface HubSource { repo: string; revision: string }

/** A parsed checkpoint about to be applied: plain data, no tensors. */
interface Candidate {
  tensors: Map<string, SafeTensor>;
  config: unknown;
  preprocessor: unknown;
  source: 'pretrained' | 'file';
  /** What the status line calls it: "microsoft/resnet-18@main" or the file name. */
  name: string;
  /** True when the hub files came from the browser's cache. */
  fromCache?: boolean;
  hub: HubSource | null;
}

/** The live weights as facts (null: the seeded random init); `description` words them in the page's language. */
interface Described { name: string; fromCache: boolean; tensors: number; format: string; labels: boolean }

export interface LoadedModelOptions {
  /** Architecture; default the full ImageNet ResNet-18 (tests pass a tiny one). */
  config?: Partial<ResNetConfig>;
  /** Preprocessing used while no checkpoint brought its own; default microsoft/resnet-18's. */
  preprocess?: PreprocessConfig;
  /** Hub server; default the page's (?hub= loopback mirror, else huggingface.co). */
  hubBase?: string;
  /** Size caps for dropped files (tests lower them). */
  fileLimits?: FileLimits;
}

export class LoadedModel {
  /** Where the live weights came from. */
  source = $state<WeightsSource>('random');
  #described = $state.raw<Described | null>(null);
  /** The live weights in words, e.g. "microsoft/resnet-18@main: 102 tensors, hf names" (page's language). */
  get description(): string {
    const d = this.#described;
    if (!d) return t('untrained (seeded random initialisation)');
    const name = d.fromCache ? t('{name} (from the browser cache)', { name: d.name }) : d.name;
    const text = t('{name}: {n} tensors, {format} names', { name, n: d.tensors, format: d.format });
    return d.labels ? text : `${text}${t(' (no class names: add config.json)')}`;
  }
  /** ImageNet (or the checkpoint's) class names from config.json's id2label; null when the weights came without. */
  labels = $state.raw<string[] | null>(null);
  /** The preprocessing the live weights expect (their preprocessor_config.json, else the default). */
  preprocess = $state.raw<PreprocessConfig>(RESNET18_PREPROCESS);
  /** repo@revision of 'pretrained' weights; null otherwise. */
  hub = $state.raw<HubSource | null>(null);
  /** What is being loaded now (the live weights stay in use meanwhile). */
  loading = $state<'hub' | 'file' | null>(null);
  progress = $state.raw<HubProgress | null>(null);
  #error = $state<string | null>(null);
  #lostNotice = $state(false);
  /** The last load's failure, or the notice that a lost graphics context took the weights; plain words. */
  get error(): string | null {
    if (this.#lostNotice) return t('The graphics context was lost and took the weights with it: the model was rebuilt with random weights. Load the weights again (a cached download is instant).');
    return this.#error;
  }
  /** What a lost graphics context took ("microsoft/resnet-18@main", "mine.safetensors") while random weights stand in; null otherwise. */
  lost = $state<string | null>(null);
  /** Bumped each time the live weights change (load, or rebuild after a lost context). */
  version = $state(0);
  #resnet: ResNet18 | null = null;
  #config: Partial<ResNetConfig>;
  #defaultPre: PreprocessConfig;
  #hubBase: string;
  #fileLimits: FileLimits | undefined;
  #abort: AbortController | null = null;
  /** Increments per load; a load overtaken by a newer one drops its result. */
  #ticket = 0;
  #listeners = new Set<() => void>();
  /** The live weights' short name (repo@revision or file name), for `lost`. */
  #liveName = '';
  #generation = -1;
  #live: Promise<void> = Promise.resolve();
  /** ImageNet's names for 1000-class weights that came without id2label (random init, a bare .safetensors). */
  #imagenet: readonly string[] | null = null;
  /** The same names in Chinese, fetched only for a Chinese page; state, so a page that showed English re-renders. */
  #imagenetZh = $state.raw<readonly string[] | null>(null);
  #zhLoad: Promise<void> | null = null;
  /** Whether `labels` is ImageNet's own list (cached per labels array: microsoft/resnet-18's id2label is). */
  #sameAsImagenet: { labels: string[] | null; same: boolean } | null = null;

  constructor(opts: LoadedModelOptions = {}) {
    this.#config = opts.config ?? {};
    this.#defaultPre = opts.preprocess ?? RESNET18_PREPROCESS;
    this.preprocess = this.#defaultPre;
    this.#hubBase = opts.hubBase ?? pageHubBase();
    this.#fileLimits = opts.fileLimits;
  }

  /**
   * The live model, built on first use (11.7 M parameters, seeded). Its variables belong to this store: read
   * them, never dispose them. Loads assign into the same variables; after a lost context it is a new object.
   */
  get resnet(): ResNet18 {
    this.#resnet ??= createResNet18(this.#config);
    return this.#resnet;
  }

  /** Plain description of the built model (summary + graph) for the architecture graph and stage table. */
  describe(): ReturnType<typeof describeModel> {
    return describeModel(this.resnet);
  }

  /**
   * Name of class i: id2label when the weights came with one, else ImageNet's (once loadClassNames ran), else
   * "class i". ImageNet's names (shipped, or an id2label equal to them) read in Chinese on a Chinese page.
   */
  label(i: number): string {
    const zh = i18n.current === 'zh' && this.#namesAreImagenet() ? this.#chineseNames() : null;
    return zh?.[i] ?? this.labels?.[i] ?? this.#imagenet?.[i] ?? t('class {i}', { i: String(i) });
  }

  /** Fetches the shipped ImageNet names (and on a Chinese page their Chinese) when the model has 1000 classes. */
  async loadClassNames(): Promise<void> {
    if (makeConfig(this.#config).numClasses !== 1000) return;
    this.#imagenet ??= await loadImagenetLabels();
    if (i18n.current === 'zh') await this.#loadChinese();
  }

  #namesAreImagenet(): boolean {
    const im = this.#imagenet;
    const l = this.labels;
    if (!im) return false;
    if (this.#sameAsImagenet?.labels !== l) {
      this.#sameAsImagenet = { labels: l, same: !l || (l.length === im.length && l.every((s, k) => s === im[k])) };
    }
    return this.#sameAsImagenet.same;
  }

  /** The Chinese list, or null while it loads (then label() says English, and re-renders when it arrives). */
  #chineseNames(): readonly string[] | null {
    if (!this.#imagenetZh) void this.#loadChinese();
    return this.#imagenetZh;
  }

  /** A failed fetch leaves English in place and is tried again next time. */
  #loadChinese(): Promise<void> {
    this.#zhLoad ??= loadImagenetLabels('zh').then((n) => { this.#imagenetZh = n; }, () => { this.#zhLoad = null; });
    return this.#zhLoad;
  }

  /** One parameter of the live weights as plain numbers (convs HWIO, fc [in,out]); no tensor escapes. */
  async readParam(name: string): Promise<{ data: Float32Array; shape: number[] }> {
    const v = this.resnet.params.get(name);
    if (!v) throw new Error(`the model has no parameter '${name}'`);
    return { data: (await v.data()) as Float32Array, shape: v.shape.slice() };
  }

  /** Calls fn after every change of the live weights (and their labels/preprocessing). Returns the unsubscribe. */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * After the backend restarted (another backend chosen, or a lost WebGL context rebuilt), checks once per
   * generation that the variables still hold data. A lost context takes GPU-resident weights with it: then
   * the model is rebuilt (seeded random), the labels and preprocessing return to the defaults, and `error` says so.
   */
  ensureLive(generation: number): Promise<void> {
    if (generation !== this.#generation) {
      this.#generation = generation;
      const m = this.#resnet;
      this.#live = m ? this.#probe(m) : Promise.resolve();
    }
    return this.#live;
  }

  async #probe(m: ResNet18): Promise<void> {
    try {
      await m.params.get('stem.bn.gamma')!.data();
      return;
    } catch { /* gone with its backend */ }
    if (m !== this.#resnet) return;
    try { disposeResNet18(m); } catch { /* already gone with its backend */ }
    this.#resnet = null;
    if (this.source !== 'random') this.lost = this.#liveName;
    this.#set({ source: 'random', described: null, labels: null, preprocess: this.#defaultPre, hub: null });
    this.#lostNotice = true;
  }

  /** Downloads repo@revision from the hub (cached after the first time) and applies it. True when applied. */
  loadFromHub(repo = DEFAULT_REPO, revision = 'main'): Promise<boolean> {
    return this.#load('hub', async (signal) => {
      const ck = await loadFromHub({ repo, revision, baseUrl: this.#hubBase, signal, onProgress: (p) => { if (!signal.aborted) this.progress = p; } });
      const hub = { repo: repo.trim(), revision: revision.trim() || 'main' };
      return { ...ck, source: 'pretrained', name: `${hub.repo}@${hub.revision}`, fromCache: ck.fromCache, hub };
    });
  }

  /** Loads dropped or picked files (see readDroppedCheckpoint). True when applied. */
  loadFiles(files: File[]): Promise<boolean> {
    return this.#load('file', async () => ({ ...(await readDroppedCheckpoint(files, this.#fileLimits)), source: 'file', hub: null }));
  }

  /** Cancels a running download; the model keeps the weights it had. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** One load: a newer load aborts and overrides this one; on any failure nothing changes but `error`. */
  async #load(kind: 'hub' | 'file', read: (signal: AbortSignal) => Promise<Candidate>): Promise<boolean> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const ticket = ++this.#ticket;
    this.loading = kind;
    this.progress = null;
    this.#error = null;
    this.#lostNotice = false;
    try {
      const c = await read(abort.signal);
      // A check of the old weights still running may yet find them lost and rebuild the model: apply after it,
      // into the model that is live then, or the status would flip to "random" after this load (a race).
      await this.#live;
      if (ticket !== this.#ticket) return false;
      this.#apply(c);
      return true;
    } catch (e) {
      if (ticket === this.#ticket) this.#error = (e as Error).message;
      return false;
    } finally {
      if (ticket === this.#ticket) {
        this.loading = null;
        this.progress = null;
        this.#abort = null;
      }
    }
  }

  /** Weights + labels + preprocessing as one pair: everything is checked before anything is assigned. */
  #apply(c: Candidate): void {
    let pre: PreprocessConfig;
    let applied: ReturnType<typeof applyCheckpoint>;
    try {
      pre = c.preprocessor === undefined ? this.#defaultPre : parsePreprocessorConfig(c.preprocessor);
      applied = applyCheckpoint(this.resnet, c.tensors, c.config); // all-or-nothing; creates no tensors
    } catch (e) {
      throw new Error(`${c.name}${c.fromCache ? t(' (from the browser cache)') : ''}: ${(e as Error).message}`);
    }
    const { report, labels } = applied;
    const described = { name: c.name, fromCache: !!c.fromCache, tensors: report.loaded.length, format: report.format, labels: !!labels };
    this.lost = null;
    this.#liveName = c.hub ? `${c.hub.repo}@${c.hub.revision}` : c.name;
    this.#set({ source: c.source, described, labels, preprocess: pre, hub: c.hub });
  }

  #set(s: Pick<LoadedModel, 'source' | 'labels' | 'preprocess' | 'hub'> & { described: Described | null }): void {
    this.source = s.source;
    this.#described = s.described;
    this.labels = s.labels;
    this.preprocess = s.preprocess;
    this.hub = s.hub;
    this.version += 1;
    for (const fn of this.#listeners) fn();
  }

  /** Frees the model's variables, stops any download and forgets listeners; a later use starts from random weights. */
  dispose(): void {
    this.#abort?.abort();
    this.#ticket++;
    this.#listeners.clear();
    if (this.#resnet) disposeResNet18(this.#resnet);
    this.#resnet = null;
    this.loading = null;
    this.progress = null;
    this.lost = null;
    this.#set({ source: 'random', described: null, labels: null, preprocess: this.#defaultPre, hub: null });
  }
}
