import * as tf from '@tensorflow/tfjs-core';
import { bnStages, compareBnModes, makeDemoBatch, BN_DEMO, type BnModeComparison, type BnStages } from './bnLesson';

/**
 * State of the batch-norm lesson, shared by its figures: the seeded demo batch (read back once as plain
 * numbers), γ and β per channel, the training-mode stages for those, and the train-vs-eval comparison after
 * `warmSteps` running-statistics updates. Recomputes asynchronously; a newer request wins.
 */
export class BnLesson {
  gamma = $state<number[]>(BN_DEMO.means.map(() => 1));
  beta = $state<number[]>(BN_DEMO.means.map(() => 0));
  warmSteps = $state(5);
  /** The input batch, NHWC, as plain numbers. */
  input = $state.raw<{ shape: [number, number, number, number]; data: Float32Array } | null>(null);
  stages = $state.raw<BnStages | null>(null);
  modes = $state.raw<BnModeComparison | null>(null);
  /** Why the computation failed (the error's own message; the page words the sentence around it). */
  error = $state<string | null>(null);
  #x: tf.Tensor4D | null = null;
  #version = 0;
  #queue: Promise<void> = Promise.resolve();

  /**
   * Recomputes everything for the current γ, β and warmSteps. Requests run one after another and a request
   * that a newer one has overtaken is skipped, so the promise resolves once the latest values are shown.
   */
  refresh(): Promise<void> {
    const version = ++this.#version;
    this.#queue = this.#queue.then(() => (version === this.#version ? this.#compute(version) : undefined));
    return this.#queue;
  }

  async #compute(version: number): Promise<void> {
    try {
      if (!this.#x) {
        this.#x = makeDemoBatch();
        this.input = { shape: this.#x.shape as [number, number, number, number], data: (await this.#x.data()) as Float32Array };
      }
      const stages = await bnStages(this.#x, { training: true, gamma: this.gamma, beta: this.beta });
      const modes = await compareBnModes(this.#x, this.warmSteps);
      if (version !== this.#version) return;
      this.stages = stages;
      this.modes = modes;
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** Sets γ or β of one channel (non-finite input is ignored) and recomputes. */
  setAffine(which: 'gamma' | 'beta', channel: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const next = [...this[which]];
    next[channel] = value;
    this[which] = next;
    void this.refresh();
  }

  /** Sets how many training steps update the running statistics before eval mode is compared. */
  setWarmSteps(k: number): void {
    this.warmSteps = Math.max(0, Math.min(200, Math.round(k)));
    void this.refresh();
  }

  /** Computes once if nothing is there yet. */
  ensure(): void {
    if (!this.stages && this.#version === 0) void this.refresh();
  }

  /** Frees the demo batch tensor (after any computation in flight). */
  async dispose(): Promise<void> {
    this.#version += 1;
    await this.#queue;
    this.#x?.dispose();
    this.#x = null;
  }
}
