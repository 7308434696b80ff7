/**
 * The explorer figures' computation on the loaded model ("The architecture" and "Run it"): ONE forward pass of
 * the current picture whose every layer's activation is kept (tensors owned here; switching layers reads,
 * never recomputes), top-5, Grad-CAM and saliency as plain arrays. Everything that touches those tensors runs
 * one at a time in a queue, so a new pass never disposes what a layer read is still using. When the loaded
 * weights change, the pass is redone with their labels and preprocessing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { toInputTensor, runAllLayers, topK, gradCam, saliency, toPlain, type ForwardResult, type RgbaImage, type TopKEntry } from '../nn';
import type { ChannelSort } from '../viz/featureGrid';
import { backend } from '../state/Backend.svelte';
import type { LoadedModel } from './LoadedModel.svelte';
import { PictureState } from './Picture.svelte';
import { t } from '../i18n/index';

/** One image's activation of a layer as plain numbers: [h,w,c]. */
export interface PlainMap { data: Float32Array; shape: [number, number, number] }

/** A top-k entry with its class name. */
export type LabelledTopK = TopKEntry & { label: string };

/** The stage whose maps Grad-CAM weighs (the last spatial layer). */
const CAM_LAYER = 'stage4.block2.relu2';

export class ForwardPass {
  readonly picture = new PictureState();
  top = $state.raw<LabelledTopK[]>([]);
  /** Milliseconds of the last forward pass (run + reading the logits); `warmup` marks the first on this backend. */
  latencyMs = $state<number | null>(null);
  warmup = $state(false);
  layer = $state('stem.conv');
  channel = $state(0);
  sort = $state<ChannelSort>('index');
  featureMap = $state.raw<PlainMap | null>(null);
  camClass = $state<number | null>(null);
  /** Grad-CAM and saliency over the crop, row-major [h*w]. */
  cam = $state.raw<Float32Array | null>(null);
  saliencyMap = $state.raw<Float32Array | null>(null);
  opacity = $state(0.5);
  // Status and failure are kept as functions that word them, so they are worded in the page's language where
  // they are read (a language switch re-words a message already shown).
  #busy = $state.raw<(() => string) | null>(null);
  #error = $state.raw<(() => string) | null>(null);
  /** What is being computed now, in plain words; null when idle. */
  get busy(): string | null {
    return this.#busy?.() ?? null;
  }
  /** The last failure (preprocessing, forward pass, saliency), in plain words; null when none. */
  get error(): string | null {
    return this.#error?.() ?? null;
  }
  #result: ForwardResult | null = null;
  #input: tf.Tensor4D | null = null;
  #warmed = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  /** What the kept pass was computed from; refresh() recomputes only when one of these moved. */
  #seen = { generation: -1, version: -1, picture: null as object | null };
  #disposed = false;
  #unsubscribe: () => void;

  /** The pass over `model`'s live weights; it re-runs by itself when they change. */
  constructor(readonly model: LoadedModel) {
    this.#unsubscribe = model.onChange(() => void this.refresh());
  }

  /** Preprocesses a picture (RGBA pixels) for the live weights and runs the model on it. */
  async setPicture(img: RgbaImage, name: string): Promise<void> {
    this.#error = null;
    try {
      this.picture.set(img, name, this.model.preprocess);
    } catch (e) {
      const message = (e as Error).message;
      this.#error = () => message;
      return;
    }
    await this.run();
  }

  /** One forward pass with every layer tapped, always (the "run again" button); replaces the previous one. */
  run(): Promise<void> {
    return this.#enqueue(() => this.#pass(true));
  }

  /** Recomputes only if the backend restarted, the weights changed or the picture changed since the kept pass. */
  refresh(): Promise<void> {
    return this.#enqueue(() => this.#pass(false));
  }

  /** Reads one layer's activation from the kept pass (no recompute). Non-spatial layers show nothing. */
  showLayer(name: string): Promise<void> {
    this.layer = name;
    return this.#enqueue(() => this.#showLayer(name));
  }

  /** Grad-CAM of class c (last stage), upsampled to the crop; read as plain numbers. */
  showCam(c: number): Promise<void> {
    this.camClass = c;
    return this.#enqueue(() => this.#showCam(c));
  }

  /** Vanilla saliency of the Grad-CAM class: a full backward pass, so only on request. */
  showSaliency(): Promise<void> {
    return this.#enqueue(async () => {
      if (!this.#input || this.camClass === null) return;
      this.#busy = () => t('Computing the saliency map (one backward pass)…');
      try {
        const s = saliency(this.model.resnet, this.#input, this.camClass);
        const data = (await s.data()) as Float32Array;
        s.dispose();
        this.saliencyMap = data;
      } catch (e) {
        const reason = (e as Error).message;
        this.#error = () => t('Saliency failed: {reason}', { reason });
      } finally {
        this.#busy = null;
      }
    });
  }

  /** Tensor work runs one task at a time; a failed task does not block the next. */
  #enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(() => (this.#disposed ? undefined : task()));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #pass(force: boolean): Promise<void> {
    if (!this.picture.current) return;
    const generation = backend.generation;
    try {
      await this.model.ensureLive(generation);
      this.picture.reprocess(this.model.preprocess);
      const s = this.#seen;
      if (!force && s.generation === generation && s.version === this.model.version && s.picture === this.picture.current) return;
      this.#busy = () => t('Running ResNet-18…');
      this.#seen = { generation, version: this.model.version, picture: this.picture.current };
      await this.#forward();
    } catch (e) {
      this.#seen = { generation: -1, version: -1, picture: null };
      const reason = (e as Error).message;
      this.#error = () => t('The forward pass failed: {reason}', { reason });
    } finally {
      this.#busy = null;
      if (this.#disposed) this.#clearRun();
    }
  }

  async #forward(): Promise<void> {
    this.#clearRun();
    const m = this.model.resnet;
    this.#input = toInputTensor(this.picture.current!);
    const name = tf.getBackend();
    this.warmup = !this.#warmed.has(name);
    const t0 = performance.now();
    this.#result = runAllLayers(m, this.#input);
    const top = await topK(this.#result.logits, 5);
    this.latencyMs = performance.now() - t0;
    this.#warmed.add(name);
    await this.model.loadClassNames().catch(() => undefined); // without the names chunk, top-5 says "class i"
    this.top = top.map((t) => ({ ...t, label: this.model.label(t.index) }));
    await this.#showLayer(this.layer);
    this.camClass = top[0].index;
    await this.#showCam(top[0].index);
  }

  async #showLayer(name: string): Promise<void> {
    const t = this.#result?.activations.get(name);
    if (!t || t.rank !== 4) { this.featureMap = null; return; }
    const p = await toPlain(t);
    if (this.layer !== name) return; // a newer pick is queued behind this one
    this.featureMap = { data: p.data, shape: p.shape as [number, number, number] };
    this.channel = Math.min(this.channel, p.shape[2] - 1);
  }

  async #showCam(c: number): Promise<void> {
    const a = this.#result?.activations.get(CAM_LAYER) as tf.Tensor4D | undefined;
    const pic = this.picture.current;
    if (!a || !pic) return;
    const [, h, w] = pic.shape;
    const cam = gradCam(this.model.resnet, a, c, [h, w]);
    const data = (await cam.data()) as Float32Array;
    cam.dispose();
    if (this.camClass === c) this.cam = data;
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

  /** Frees every tensor this pass owns (not the model: the LoadedModel owns that) and stops listening to it. */
  dispose(): void {
    this.#disposed = true;
    this.#unsubscribe();
    this.#clearRun();
  }
}
