/**
 * Ship it's view of the network trained in the studio: its last stored checkpoint (IndexedDB, written after every
 * epoch), what it is, and its images — the studio's own split when this visit still holds the dataset it trained
 * on, else the built-in set rebuilt from the run's record. Holds plain data only; figures build tensors from it.
 */
import type { CheckpointStore } from '../../src/lib/train/checkpoint';
import { IdbCheckpointStore, loadRunRecord, type RunRecord } from '../../src/lib/train/idbStore';
import type { ImageDataset } from '../../src/lib/data/dataset';
import { buildSyntheticSplit } from '../../src/workers/synthetic';
import { syntheticRequestOf, type TrainingRunData } from '../train-it/TrainingRunData.svelte';
import { RUN_KEY } from '../train-it/TrainingRun.svelte';
import { runText } from '../train-it/runWords';
import { t } from '../../src/lib/i18n/index';
import { studioWeights, widthText, type StudioWeights } from './studioModel';

/** Where the figures' images come from: this visit's studio dataset, or the built-in set rebuilt from its record. */
export interface StudioImages { train: ImageDataset; val: ImageDataset; from: 'live' | 'rebuilt' }

/** What the page can read about the studio's network. */
export type StudioState = 'idle' | 'reading' | 'none' | 'ready' | 'failed';

export class StudioModel {
  state = $state<StudioState>('idle');
  weights = $state.raw<StudioWeights | null>(null);
  record = $state.raw<RunRecord | null>(null);
  #problem = $state<string | null>(null);

  /**
   * `live` is this visit's studio dataset (Train it's shared run); tests pass a memory store, a record reader and
   * their own dataset holder.
   */
  constructor(
    private readonly store: CheckpointStore = new IdbCheckpointStore(),
    private readonly readRecord: (key: string) => Promise<RunRecord | null> = loadRunRecord,
    private readonly live: Pick<TrainingRunData, 'train' | 'val' | 'spec'> | null = null,
  ) {}

  /** Why the stored network cannot be used, in the page's language; null when nothing is wrong. */
  get problem(): string | null {
    return this.#problem === null ? null : runText(this.#problem);
  }

  /** Reads the stored checkpoint and its record. Never throws: a damaged one sets `problem` and state 'failed'. */
  async read(): Promise<void> {
    this.state = 'reading';
    this.#problem = null;
    try {
      const raw = await this.store.load(RUN_KEY);
      if (raw === null) {
        this.weights = null;
        this.state = 'none';
        return;
      }
      this.weights = studioWeights(raw);
      this.record = await this.readRecord(RUN_KEY).catch(() => null);
      this.state = 'ready';
    } catch (e) {
      this.weights = null;
      this.#problem = (e as Error).message;
      this.state = 'failed';
    }
  }

  /** The network in words: width, stem, classes, picture size, epochs and dataset. */
  get description(): string {
    const w = this.weights;
    if (!w) return '';
    const d = this.record?.dataset;
    const dataset = !d ? t('an unknown dataset') : d.kind === 'synthetic' ? t('the built-in shapes ({n} per class)', { n: d.perClass }) : t('your dataset “{name}”', { name: d.name });
    return t('A width-{w} ResNet-18 ({stem} stem) for {classes} classes of {px}-pixel pictures, trained {epochs} epochs on {dataset}.', {
      w: widthText(w.config.widthMultiplier), stem: (w.config.variant ?? 'cifar') === 'cifar' ? t('CIFAR') : t('ImageNet'),
      classes: w.numClasses, px: w.inputSize, epochs: w.epoch, dataset,
    });
  }

  /**
   * Reads the stored network again (the studio may have trained since) and then its images: 'none' when nothing
   * usable is stored (`state` and `problem` say which), 'no-images' when its dataset is not stored.
   */
  async prepare(): Promise<{ weights: StudioWeights; images: StudioImages } | 'none' | 'no-images'> {
    await this.read();
    const weights = this.weights;
    if (!weights) return 'none';
    const images = await this.images();
    return images ? { weights, images } : 'no-images';
  }

  /**
   * The network's training and validation images: this visit's studio dataset when it is the one the run was
   * saved with, else the built-in set rebuilt from the record (the same images and split). Null when neither:
   * a dropped folder or CIFAR-10 is not stored, so it must be loaded in Train it again.
   */
  async images(): Promise<StudioImages | null> {
    const w = this.weights;
    const d = this.record?.dataset;
    const live = this.live;
    if (!w || !d) return null;
    if (live?.train && live.val && JSON.stringify(live.spec) === JSON.stringify(d)
      && live.train.classNames.length === w.numClasses && live.train.height === w.inputSize) {
      return { train: live.train, val: live.val, from: 'live' };
    }
    if (d.kind !== 'synthetic') return null;
    const split = await buildSyntheticSplit(syntheticRequestOf(d));
    return { train: split.train, val: split.val, from: 'rebuilt' };
  }
}
