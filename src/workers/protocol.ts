/**
 * Messages between the page and the training worker. Everything is plain data (numbers, strings, typed
 * arrays), never tensors: the worker owns all tfjs state.
 */
import type { TrainConfig } from '../lib/train/config';
import type { ImageDataset } from '../lib/data/dataset';
import type { TrainHistory } from '../lib/train/history';
import type { RunStatus, StepReport } from '../lib/train/trainer';
import type { BackendName } from '../lib/backend/choose';

export type ToWorker =
  | { type: 'init'; backend: BackendName }
  /** pretrained: the bytes of a .safetensors weights file when config.finetune is set (ignored when resuming). */
  | { type: 'start'; key: string; config: TrainConfig; train: ImageDataset; val: ImageDataset; resume: boolean; lrOverride?: number;
      pretrained?: Uint8Array }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'export'; format: 'safetensors' | 'tfjs' }
  | { type: 'gradcam'; index: number };

/** One training step as the Trainer reports it (minus the epoch summary, which travels as EpochMessage). */
export interface StepMessage extends Omit<StepReport, 'epochEnd'> {
  type: 'step';
  /** Gradient norms of this step in the order of `gradLayers` (empty when off). */
  gradNorms: number[];
  gradLayers: string[];
  /** Update-to-weight ratios ‖Δw‖/‖w‖ of this step, in the order of `gradLayers` (empty when off). */
  updateRatios: number[];
}

export interface EpochMessage {
  type: 'epoch';
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  valLoss: number;
  valTop1: number;
  valTop5: number;
  preds: Int32Array;
  confidence: Float32Array;
  checkpointed: boolean;
}

export type FromWorker =
  | { type: 'ready'; backend: string; note: string | null }
  | { type: 'started'; resumed: boolean; epoch: number; globalStep: number; stepsPerEpoch: number; totalSteps: number;
      history: TrainHistory; params: number; macs: number; config: TrainConfig; status: string; message: string;
      /** What loading fine-tuning weights did, in words (null when none were loaded). */
      loadNote: string | null }
  | StepMessage
  | EpochMessage
  | { type: 'status'; phase: 'compiling' | 'running' | 'paused' | RunStatus | 'stopped'; message: string; checkpointed?: boolean }
  | { type: 'exported'; files: { name: string; mime: string; bytes: Uint8Array }[] }
  | { type: 'gradcam'; index: number; heat: Float32Array; predicted: number; probability: number }
  | { type: 'error'; message: string };
