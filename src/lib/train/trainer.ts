/**
 * The Trainer owns a model, its optimizer and the data order, and runs one optimisation step at a time
 * (so a worker can pause between any two). Batch order is a permutation from (seed, epoch); augmentation
 * draws from (seed, epoch, step): a run restored from a checkpoint continues with exactly the same batches.
 * Guards: a step with a non-finite loss, gradient or new weight, or a non-finite validation loss, stops the run
 * ('diverged'); an out-of-memory error stops it ('oom'); early stopping on validation loss ('early-stopped').
 * Checkpoints are written after every epoch, never with a NaN or ±Infinity in them.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  createResNet18, disposeResNet18, type ResNet18, Optimizer, trainStep, NonFiniteStepError, type SafeTensor, type LoadReport,
  Rng, mixSeed, permutation, type EvalResult,
} from '../nn';
import type { ImageDataset } from '../data/dataset';
import { channelStats } from '../data/dataset';
import { drawSyntheticEpoch } from '../data/synthetic';
import { makeBatch, type Normalisation } from '../data/batch';
import { learningRateAt } from '../data/schedule';
import { stepsPerEpoch, earlyStopping, optimizerConfig, scheduleOf, type TrainConfig } from './config';
import { appendEpochRow, appendStepRow, emptyHistory, gradRowOf, type EpochRow, type StepRow, type TrainHistory } from './history';
import type { RunStatus } from './phase';
import { evaluateDataset } from './evaluate';
import { readTensors, writeTensors } from './tensorIo';
import { snapshotParams, updateRatios } from './updateRatio';
import { backboneGroups, loadPretrained } from './finetune';
import { nonFiniteTensors, validateCheckpoint, type Checkpoint, type CheckpointStore } from './checkpoint';
import { splitProblem } from '../data/split';
import { divergedMessage, isOutOfMemory, outOfMemoryMessage, type CheckpointPosition } from './failures';

/** One step as the Trainer reports it: the row it appended to its history (StepRow), speed and memory. */
export interface StepReport extends StepRow {
  epoch: number;
  imagesPerSec: number;
  numTensors: number;
  numBytes: number;
  /** WebGL only: bytes held in GPU textures (tf.memory().numBytesInGPU); null on other backends. */
  gpuBytes: number | null;
  /** Set when this step finished an epoch: the row appended to the history, and the validation pass behind it. */
  epochEnd?: EpochRow & { epoch: number; val: EvalResult; checkpointed: boolean };
}

export interface TrainData {
  train: ImageDataset;
  val: ImageDataset;
}

/** How many training images the per-epoch "train accuracy" pass looks at (eval mode). */
const TRAIN_EVAL_LIMIT = 500;

export class Trainer {
  status: RunStatus = 'ready';
  /** Human-readable reason when status is not 'ready'. */
  message = '';
  epoch = 0;
  stepInEpoch = 0;
  globalStep = 0;
  history: TrainHistory = emptyHistory();
  bestValLoss = Infinity;
  epochsWithoutImprovement = 0;
  readonly model: ResNet18;
  readonly optimizer: Optimizer;
  readonly norm: Normalisation;
  /** Where the checkpoint in the store stands (null: none written by or restored into this run), for messages. */
  lastCheckpoint: CheckpointPosition = null;
  private order: Int32Array | null = null;

  private constructor(readonly config: TrainConfig, readonly data: TrainData, norm: Normalisation,
    private readonly store?: CheckpointStore, private readonly storeKey = 'run') {
    this.norm = norm;
    this.model = createResNet18({
      variant: config.variant ?? 'cifar', numClasses: data.train.classNames.length, widthMultiplier: config.widthMultiplier, inputSize: data.train.height,
    }, { seed: config.seed });
    this.optimizer = new Optimizer(optimizerConfig(config), this.model.params, backboneGroups(config.finetune));
  }

  /**
   * A fresh run. Normalisation statistics come from the training set. With config.finetune, `pretrained`
   * (a parsed weights file of the config's variant and width) is loaded first (see loadPretrained; its report
   * is kept in `loadReport`); a misfit throws and leaks nothing. Caller calls dispose().
   */
  static create(config: TrainConfig, data: TrainData, store?: CheckpointStore, key?: string, pretrained?: Map<string, SafeTensor>): Trainer {
    if (config.finetune && !pretrained) throw new Error('Fine-tuning needs a weights file: pick one, or switch fine-tuning off.');
    const problem = splitProblem(data.train, data.val);
    if (problem) throw new Error(problem);
    const t = new Trainer(config, data, channelStats(data.train), store, key);
    if (config.finetune && pretrained) {
      try {
        t.loadReport = loadPretrained(t.model, pretrained);
      } catch (e) {
        t.dispose();
        throw e;
      }
    }
    return t;
  }

  /** What loading the fine-tuning weights did (null for a run from scratch or a resumed one). */
  loadReport: LoadReport | null = null;

  /**
   * A run continued from a checkpoint (the same data must be given; `store` is where it was read from). A damaged
   * checkpoint, or one holding NaN/±Infinity, throws a CheckpointError; any failure leaks no tensor. Caller calls dispose().
   */
  static fromCheckpoint(raw: unknown, data: TrainData, store?: CheckpointStore, key?: string, lrOverride?: number): Trainer {
    const c = validateCheckpoint(raw);
    // A new base learning rate (e.g. lowered after a divergence) rescales the rest of the schedule.
    if (lrOverride !== undefined && lrOverride > 0) c.config = { ...c.config, lr: lrOverride };
    if (c.numClasses !== data.train.classNames.length || c.inputSize !== data.train.height) {
      throw new Error('The saved checkpoint was trained on a different dataset (classes or image size differ).');
    }
    const problem = splitProblem(data.train, data.val);
    if (problem) throw new Error(problem);
    const t = new Trainer(c.config, data, c.normalisation, store, key);
    try {
      writeTensors(t.model.params, c.params);
      writeTensors(t.model.buffers, c.buffers);
      if (Object.keys(c.optimizer).length) t.optimizer.setState(c.optimizer);
    } catch (e) {
      t.dispose();
      throw e;
    }
    Object.assign(t, { epoch: c.epoch, stepInEpoch: c.stepInEpoch, globalStep: c.globalStep, history: c.history,
      bestValLoss: c.bestValLoss, epochsWithoutImprovement: c.epochsWithoutImprovement });
    if (store) t.lastCheckpoint = { epoch: c.epoch, globalStep: c.globalStep };
    if (t.epoch >= t.config.epochs) {
      t.status = 'finished';
      t.message = `This run already finished its ${t.config.epochs} epochs.`;
    }
    return t;
  }

  get stepsPerEpoch(): number {
    return stepsPerEpoch(this.trainSetFor(this.epoch).labels.length, this.config.batchSize);
  }

  /** The training images of `epoch`: the split, or a fresh draw of as many from (dataset seed, epoch) (config.freshDraws). */
  trainSetFor(epoch: number): ImageDataset {
    const d = this.data.train;
    if (!this.config.freshDraws || d.source?.kind !== 'synthetic') return d;
    if (this.drawn?.epoch !== epoch) this.drawn = { epoch, set: drawSyntheticEpoch(d, epoch, d.labels.length) };
    return this.drawn.set;
  }
  private drawn: { epoch: number; set: ImageDataset } | null = null;

  get totalSteps(): number {
    return this.stepsPerEpoch * this.config.epochs;
  }

  /** The learning rate of global step t (the recipe's schedule: warm-up + cosine, or one-cycle). */
  lrAt(t: number): number {
    return learningRateAt(scheduleOf(this.config, this.stepsPerEpoch), t);
  }

  /** The batch for (epoch, stepInEpoch): plain arrays, reproducible from the seed. */
  batchAt(epoch: number, step: number): { x: Float32Array; y: Int32Array } {
    const set = this.trainSetFor(epoch);
    if (!this.order || this.orderEpoch !== epoch) {
      this.order = permutation(set.labels.length, new Rng(mixSeed(this.config.seed, epoch, 0x5eed)));
      this.orderEpoch = epoch;
    }
    const b = this.config.batchSize;
    const idx = this.order.subarray(step * b, Math.min((step + 1) * b, this.order.length));
    return makeBatch(set, idx, this.norm, this.config.augment, new Rng(mixSeed(this.config.seed, epoch, step)));
  }
  private orderEpoch = -1;

  /** Runs one optimisation step (and the epoch's evaluation/checkpoint when it ends the epoch). */
  async step(): Promise<StepReport> {
    if (this.status !== 'ready') throw new Error(`The run has stopped (${this.status}).`);
    const lr = this.lrAt(this.globalStep);
    const { x, y } = this.batchAt(this.epoch, this.stepInEpoch);
    const n = y.length;
    const t0 = performance.now();
    let loss: number;
    let gradNorms: Map<string, number> | undefined;
    // Update-to-weight ratios ride along with the gradient norms (same switch): references to w before the step.
    const before = this.config.gradNorms ? snapshotParams(this.model.params, this.optimizer.trainableNames()) : null;
    let ratios: Map<string, number> | undefined;
    const xt = tf.tensor4d(x, [n, this.data.train.height, this.data.train.width, 3]);
    const yt = tf.tensor1d(y, 'int32');
    try {
      ({ loss, gradNorms } = await trainStep(this.model, this.optimizer, xt, yt,
        { lr, gradNorms: this.config.gradNorms, labelSmoothing: this.config.labelSmoothing }));
      if (before) ratios = await updateRatios(this.model.params, before);
    } catch (e) {
      if (!(e instanceof NonFiniteStepError)) throw this.classifyError(e);
      // trainStep applied nothing: the weights are still the last good ones (and so is the stored checkpoint).
      const report = this.record(e.loss, lr, performance.now() - t0, n);
      this.status = 'diverged';
      this.message = divergedMessage(e.detail, this.globalStep, lr, this.lastCheckpoint);
      return report;
    } finally {
      xt.dispose();
      yt.dispose();
      if (before) tf.dispose([...before.values()]);
    }
    const ms = performance.now() - t0;
    const report = this.record(loss, lr, ms, n, gradNorms, ratios);
    this.globalStep += 1;
    this.stepInEpoch += 1;
    if (this.stepInEpoch >= this.stepsPerEpoch) report.epochEnd = await this.endEpoch();
    return report;
  }

  /** Appends the step's row to the history and returns it inside the report (the page appends the same row). */
  private record(loss: number, lr: number, ms: number, n: number, gradNorms?: Map<string, number>, ratios?: Map<string, number>): StepReport {
    const row: StepRow = { globalStep: this.globalStep, loss, lr, ms };
    if (gradNorms) row.grad = gradRowOf(this.history, gradNorms, ratios);
    appendStepRow(this.history, row);
    const mem = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return { ...row, epoch: this.epoch, imagesPerSec: (n * 1000) / ms,
      numTensors: mem.numTensors, numBytes: mem.numBytes, gpuBytes: mem.numBytesInGPU ?? null };
  }

  private classifyError(e: unknown): Error {
    const msg = (e as Error)?.message ?? String(e);
    if (isOutOfMemory(e)) {
      this.status = 'oom';
      this.message = outOfMemoryMessage(msg, this.lastCheckpoint);
    } else {
      this.status = 'error';
      this.message = `Training stopped: ${msg}`;
    }
    return new Error(this.message);
  }

  private async endEpoch(): Promise<NonNullable<StepReport['epochEnd']>> {
    const val = await evaluateDataset(this.model, this.data.val, this.norm, { flipTTA: this.config.flipTTA });
    const tr = await evaluateDataset(this.model, this.trainSetFor(this.epoch), this.norm, { limit: TRAIN_EVAL_LIMIT });
    const row: EpochRow = { trainLoss: tr.loss, trainAcc: tr.accuracy, valLoss: val.loss, valTop1: val.accuracy, valTop5: val.top5 };
    appendEpochRow(this.history, row);
    const finished = this.epoch;
    this.epoch += 1;
    this.stepInEpoch = 0;
    if (!Number.isFinite(val.loss)) {
      // Weights that pass trainStep's check can still overflow in eval mode (running statistics): that is divergence too.
      this.status = 'diverged';
      this.message = divergedMessage(`the validation loss became ${val.loss} after epoch ${finished + 1}`, this.globalStep - 1,
        this.lrAt(this.globalStep - 1), this.lastCheckpoint);
      return { ...row, epoch: finished, val, checkpointed: false };
    }
    const es = earlyStopping(this.bestValLoss, this.epochsWithoutImprovement, val.loss, this.config.patience);
    this.bestValLoss = es.best;
    this.epochsWithoutImprovement = es.bad;
    if (this.epoch >= this.config.epochs) {
      this.status = 'finished';
      this.message = `Finished ${this.config.epochs} epochs.`;
    } else if (es.stop) {
      this.status = 'early-stopped';
      this.message = `Stopped early: validation loss has not improved for ${this.config.patience} epochs (best ${this.bestValLoss.toFixed(4)}).`;
    }
    const checkpointed = await this.saveCheckpoint();
    return { ...row, epoch: finished, val, checkpointed };
  }

  /**
   * Writes the checkpoint to the store (if any); returns whether it did. A state holding NaN or ±Infinity is never
   * written: the run stops as diverged instead, and the checkpoint already stored stays.
   */
  async saveCheckpoint(): Promise<boolean> {
    if (!this.store) return false;
    const c = await this.checkpoint();
    const bad = nonFiniteTensors(c);
    if (bad.length) {
      this.status = 'diverged';
      this.message = divergedMessage(`${bad.length} tensors (${bad.slice(0, 2).join(', ')}…) hold NaN or ±Infinity, so they were not saved`,
        this.globalStep, this.lrAt(Math.max(0, this.globalStep - 1)), this.lastCheckpoint);
      return false;
    }
    await this.store.save(this.storeKey, c);
    this.lastCheckpoint = { epoch: c.epoch, globalStep: c.globalStep };
    return true;
  }

  /** The full state as a structured-cloneable object. */
  async checkpoint(): Promise<Checkpoint> {
    return {
      version: 1, config: this.config, numClasses: this.model.config.numClasses, inputSize: this.model.config.inputSize,
      normalisation: this.norm, epoch: this.epoch, stepInEpoch: this.stepInEpoch, globalStep: this.globalStep,
      params: await readTensors(this.model.params), buffers: await readTensors(this.model.buffers),
      optimizer: await this.optimizer.getState(), history: structuredClone(this.history),
      bestValLoss: this.bestValLoss, epochsWithoutImprovement: this.epochsWithoutImprovement, savedAt: Date.now(),
    };
  }

  /** Frees the model's and optimizer's tensors. */
  dispose(): void {
    this.optimizer.dispose();
    disposeResNet18(this.model);
  }
}
