/**
 * Messages between the page and the training worker. Everything is plain data (numbers, strings, typed
 * arrays), never tensors: the worker owns all tfjs state. A request that expects an answer (export, Grad-CAM)
 * carries an `id` that its answer — or the error it ended in — carries back (see requests.ts).
 */
import type { TrainConfig } from '../lib/train/config';
import type { ImageDataset } from '../lib/data/dataset';
import type { EpochRow, TrainHistory } from '../lib/train/history';
import type { StepReport } from '../lib/train/trainer';
import type { Phase, RunStatus } from '../lib/train/phase';
import type { BackendName } from '../lib/backend/choose';

export type ToWorker =
  | { type: 'init'; backend: BackendName }
  /** pretrained: the bytes of a .safetensors weights file when config.finetune is set (ignored when resuming). */
  /** test: the held-out images (disjoint from train and val), scored once when the run ends by itself; absent: none. */
  | { type: 'start'; key: string; config: TrainConfig; train: ImageDataset; val: ImageDataset; test?: ImageDataset; resume: boolean;
      lrOverride?: number; pretrained?: Uint8Array }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'export'; id: number; format: 'safetensors' | 'tfjs' }
  | { type: 'gradcam'; id: number; index: number };

/** One training step as the Trainer reports it, with the history row it appended (the epoch travels as EpochMessage). */
export interface StepMessage extends Omit<StepReport, 'epochEnd'> {
  type: 'step';
}

/** One finished epoch: the history row the Trainer appended, and every validation image's prediction. */
export interface EpochMessage extends EpochRow {
  type: 'epoch';
  epoch: number;
  preds: Int32Array;
  confidence: Float32Array;
  checkpointed: boolean;
}

/** The held-out test split's one score, sent once when the run has ended by itself (after `afterEpoch` epochs). */
export interface TestMessage { type: 'test'; top1: number; top5: number; loss: number; count: number; afterEpoch: number }

/** The answer to an 'export' request. */
export interface ExportedMessage { type: 'exported'; id: number; files: { name: string; mime: string; bytes: Uint8Array }[] }
/** The answer to a 'gradcam' request: heat [H·W] ≥ 0 over validation image `index`. */
export interface GradCamMessage { type: 'gradcam'; id: number; index: number; heat: Float32Array; predicted: number; probability: number }
/** Every answer to a request, matched to it by id. */
export type ReplyMessage = ExportedMessage | GradCamMessage;

export type FromWorker =
  | { type: 'ready'; backend: string; note: string | null }
  | { type: 'started'; resumed: boolean; epoch: number; globalStep: number; stepsPerEpoch: number; totalSteps: number;
      history: TrainHistory; params: number; macs: number; config: TrainConfig; status: RunStatus; message: string;
      /** What loading fine-tuning weights did, in words (null when none were loaded). */
      loadNote: string | null }
  | StepMessage
  | EpochMessage
  | TestMessage
  | { type: 'status'; phase: Exclude<Phase, 'idle' | 'starting'>; message: string; checkpointed?: boolean }
  | ReplyMessage
  /** `id`: the request that failed (the run goes on); without it, the run itself failed. */
  | { type: 'error'; message: string; id?: number };

/** The messages that carry one Trainer step to the page: the step, then the epoch when the step ended one. */
export function stepMessages(r: StepReport): (StepMessage | EpochMessage)[] {
  const { epochEnd, ...step } = r;
  if (!epochEnd) return [{ type: 'step', ...step }];
  const { epoch, val, checkpointed, trainLoss, trainAcc, valLoss, valTop1, valTop5 } = epochEnd;
  return [{ type: 'step', ...step }, { type: 'epoch', epoch, trainLoss, trainAcc, valLoss, valTop1, valTop5,
    preds: val.preds, confidence: val.confidence, checkpointed }];
}
