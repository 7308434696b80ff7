/**
 * The training recipe: one plain, structured-cloneable object (it travels to the worker and into checkpoints).
 * Defaults follow the standard CIFAR recipe (../shared/SYLLABUS.md), scaled for a browser: SGD 0.9 momentum,
 * weight decay 5e-4, cosine with a short warm-up, crop+flip.
 */
import { DEFAULT_AUGMENT, type AugmentConfig } from '../data/augment';
import type { ScheduleConfig } from '../data/schedule';
import type { OptimizerConfig, Variant } from '../nn';

/** Fine-tuning: the run starts from a learner's weights file instead of a fresh initialisation. */
export interface FinetuneConfig {
  /** Name of the weights file (for display; the weights travel to the worker once, then live in checkpoints). */
  source: string;
  /** 'freeze': only head.fc trains; 'scaled': the backbone trains at `backboneLrScale` × the learning rate. */
  backbone: 'freeze' | 'scaled';
  /** Learning-rate factor of every parameter outside head.fc when backbone = 'scaled' (e.g. 0.1). */
  backboneLrScale: number;
}

export interface TrainConfig {
  /** Seeds model init, batch order and augmentation (each batch from (seed, epoch, step)). */
  seed: number;
  /** Channel width multiplier of the ResNet-18 (1 = 64 channels in stage 1). */
  widthMultiplier: number;
  /** Stem: 'cifar' (3×3, no max-pool; default) or 'imagenet' (7×7/2 + max-pool, for ImageNet weights). Absent = 'cifar'. */
  variant?: Variant;
  /** Start from loaded weights (null/absent: train from scratch). */
  finetune?: FinetuneConfig | null;
  batchSize: number;
  epochs: number;
  optimizer: 'sgd' | 'adam';
  lr: number;
  momentum: number;
  weightDecay: number;
  /** Cosine schedule: linear warm-up length in epochs (0 = none), then cosine to 0. One-cycle: the rise, in epochs. */
  warmupEpochs: number;
  /** 'cosine' (default when absent) or 'onecycle' (torch OneCycleLR: up from lr/25 to lr, then down to lr/25e4). */
  schedule?: 'cosine' | 'onecycle';
  /** SGD only: Nesterov momentum (torch nesterov=True). Absent = off. */
  nesterov?: boolean;
  /** Validation scores from the mean logits of each image and its mirror image (flip test-time augmentation). */
  flipTTA?: boolean;
  /**
   * Built-in synthetic dataset only: every epoch trains on newly drawn images (as many as the split holds), drawn
   * from (dataset seed, epoch), instead of the same split again. Absent = off; other datasets ignore it.
   */
  freshDraws?: boolean;
  labelSmoothing: number;
  augment: AugmentConfig;
  /** Stop after this many epochs without a lower validation loss (0 = never). */
  patience: number;
  /** Per-layer gradient norms and update-to-weight ratios every step (a little extra work; the heatmaps need them). */
  gradNorms: boolean;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  seed: 1,
  // Width 1/8 at batch 64: the most optimisation steps in the studio's 3-minute budget (scripts/bench-training-defaults.ts).
  widthMultiplier: 0.125,
  variant: 'cifar',
  finetune: null,
  batchSize: 64,
  epochs: 32,
  // SGD with Nesterov momentum under one-cycle (up from 0.008 to 0.2 over the first 30 %, then down to ~0): 96 % on
  // the built-in set where the former Adam 1e-3 / cosine default reached 49.5 % in 10 epochs (README, Performance).
  optimizer: 'sgd',
  nesterov: true,
  lr: 0.2, // DEFAULT_LR.sgd
  momentum: 0.9,
  weightDecay: 5e-4,
  schedule: 'onecycle',
  warmupEpochs: 10,
  labelSmoothing: 0.1,
  // Reflect padding: zero padding framed every training image in black, which no validation image has; with
  // random colours that shift compounded through 20 BatchNorms and collapsed eval-mode predictions.
  augment: { ...DEFAULT_AUGMENT, padMode: 'reflect' },
  // New images every epoch (built-in set only): 25,600 different images over the run, none seen twice.
  freshDraws: true,
  flipTTA: false,
  // Off: mid-run the validation loss wanders while the learning rate is high, which is no reason to stop.
  patience: 0,
  gradNorms: true,
};

/**
 * CIFAR-10 in 4 epochs (the fast-CIFAR recipes: Page's DAWNBench ResNet, airbench): a width-1/8 ResNet-18,
 * batch 128, SGD with Nesterov momentum under a one-cycle schedule peaking at 0.2 (30 % of the run rising), label
 * smoothing 0.1, random crop (zero padding 4) + flip, and flip test-time augmentation. The same recipe in PyTorch
 * on 2 CPU cores reached 51 / 63.6 / 73.5 % test top-1 after 1 / 2 / 3 epochs; here 3 epochs gave 71.6 % and 4 give
 * 76.1 % (scripts/bench-cifar10.ts), which the studio's 2-core wasm run fits in about 10 minutes.
 */
export const CIFAR10_QUICK: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  widthMultiplier: 0.125,
  batchSize: 128,
  epochs: 4,
  optimizer: 'sgd',
  nesterov: true,
  lr: 0.2,
  momentum: 0.9,
  weightDecay: 5e-4,
  schedule: 'onecycle',
  warmupEpochs: 1.2,
  labelSmoothing: 0.1,
  augment: { ...DEFAULT_AUGMENT, crop: true, pad: 4, padMode: 'zero', flip: true },
  flipTTA: true,
  freshDraws: false,
  patience: 0,
  gradNorms: false,
};

/** The recipes the studio offers as starting points: a label and a complete recipe each. */
export const RECIPES = {
  studio: { label: 'Studio default: the built-in shapes in about 3 minutes', config: DEFAULT_TRAIN_CONFIG },
  cifar10Quick: { label: 'CIFAR-10 quick: all 50,000 images, 4 epochs, about 10 minutes', config: CIFAR10_QUICK },
} as const satisfies Record<string, { label: string; config: TrainConfig }>;

/** A learning rate that suits each optimiser on the studio's short runs (batch 64, SGD under one-cycle). */
export const DEFAULT_LR: Record<TrainConfig['optimizer'], number> = { adam: 0.001, sgd: 0.2 };

/**
 * Switches the optimiser. A learning rate still at the other optimiser's default moves to this one's (Adam at
 * SGD's 0.05 diverges, SGD at Adam's 0.001 barely moves); a rate the learner typed is kept.
 */
export function withOptimizer(config: TrainConfig, optimizer: TrainConfig['optimizer']): TrainConfig {
  const other = optimizer === 'adam' ? 'sgd' : 'adam';
  const lr = config.lr === DEFAULT_LR[other] ? DEFAULT_LR[optimizer] : config.lr;
  return { ...config, optimizer, lr };
}

/** The optimizer a recipe asks for (torch.optim.SGD with momentum, Nesterov if set, or Adam), at its base rate. */
export function optimizerConfig(c: TrainConfig): OptimizerConfig {
  return c.optimizer === 'sgd'
    ? { kind: 'sgd', lr: c.lr, momentum: c.momentum, weightDecay: c.weightDecay, nesterov: (c.nesterov ?? false) && c.momentum > 0 }
    : { kind: 'adam', lr: c.lr, weightDecay: c.weightDecay };
}

/** The recipe's learning-rate schedule over a run of `perEpoch` steps per epoch (see data/schedule.ts). */
export function scheduleOf(c: TrainConfig, perEpoch: number): ScheduleConfig {
  const totalSteps = perEpoch * c.epochs, warmupSteps = c.warmupEpochs * perEpoch;
  return c.schedule === 'onecycle' ? { kind: 'onecycle', baseLr: c.lr, totalSteps, warmupSteps } : { baseLr: c.lr, totalSteps, warmupSteps };
}

/** Optimizer steps in one epoch: whole batches only (a tiny last batch would make BatchNorm statistics noisy). */
export function stepsPerEpoch(trainSize: number, batchSize: number): number {
  return Math.max(1, Math.floor(trainSize / batchSize));
}

/**
 * Early stopping bookkeeping after an epoch: a validation loss below the best resets the count of epochs
 * without improvement; otherwise it grows. `stop` when patience > 0 and the count reaches it.
 */
export function earlyStopping(best: number, bad: number, valLoss: number, patience: number): { best: number; bad: number; stop: boolean } {
  const improved = valLoss < best;
  const next = { best: improved ? valLoss : best, bad: improved ? 0 : bad + 1 };
  return { ...next, stop: patience > 0 && next.bad >= patience };
}
