/**
 * The studio's dataset: built-in synthetic (default), a dropped folder of images, or CIFAR-10 binary files /
 * archive. Holds the train / validation / test split, class balance and the list of skipped files with reasons.
 */
import type { ImageDataset } from '../../src/lib/data/dataset';
import { buildSyntheticSplit, type SyntheticRequest } from '../../src/workers/synthetic';
import { classBalance, studioSplit } from '../../src/lib/data/split';
import { loadCifarOffThread } from '../../src/workers/cifar';
import { loadImageFolder } from '../../src/lib/data/folders';
import { folderDecoder, folderFilesFrom } from '../../src/lib/data/browserDecode';
import type { RunRecord } from '../../src/lib/train/idbStore';

export type DatasetSpec = RunRecord['dataset'];

/** Seed of every stratified split (fixed, so a rebuilt dataset has the split its checkpoint was trained on). */
const SPLIT_SEED = 7;

/** The worker request that rebuilds a saved synthetic dataset with the split its run was trained on (no test split in older specs). */
export function syntheticRequestOf(spec: DatasetSpec & { kind: 'synthetic' }): SyntheticRequest {
  return { perClass: spec.perClass, seed: spec.seed, valFraction: spec.valFraction, testFraction: spec.testFraction ?? 0, splitSeed: SPLIT_SEED };
}
/** Share of each class held out as the test split (scored once when a run ends; see src/lib/train/heldOutTest.ts). */
export const TEST_FRACTION = 0.1;

export class TrainingRunData {
  train = $state.raw<ImageDataset | null>(null);
  val = $state.raw<ImageDataset | null>(null);
  /** Held-out test images, disjoint from train and val: never shown or used while training (may be empty). */
  test = $state.raw<ImageDataset | null>(null);
  /** How the current dataset was made (a synthetic one can be rebuilt after a reload). */
  spec = $state.raw<DatasetSpec | null>(null);
  problems = $state.raw<{ file: string; reason: string }[]>([]);
  busy = $state(false);
  progress = $state('');
  error = $state<string | null>(null);
  /** Per-class cap for user datasets (the "subset size" control). */
  maxPerClass = $state(500);
  valFraction = $state(0.2);
  buildMs = $state(0);

  /** Images per class in train, validation and test. */
  get balance(): { train: number[]; val: number[]; test: number[]; minOverMax: number } | null {
    if (!this.train || !this.val) return null;
    const t = classBalance(this.train);
    const test = this.test ? classBalance(this.test).counts : t.counts.map(() => 0);
    return { train: t.counts, val: classBalance(this.val).counts, test, minOverMax: t.minOverMax };
  }

  /**
   * Builds the synthetic dataset (perClass images per class) and its stratified split in a worker, so the page
   * never blocks on it; the latest request wins. Never throws (a failure sets `error`).
   */
  async useSynthetic(perClass = 100, seed = 1, testFraction = TEST_FRACTION): Promise<void> {
    const t0 = performance.now();
    const build = ++this.#build;
    this.busy = true;
    this.error = null;
    this.progress = 'Drawing the synthetic images…';
    try {
      const { train, val, test } = await buildSyntheticSplit({ perClass, seed, valFraction: this.valFraction, testFraction, splitSeed: SPLIT_SEED });
      if (build !== this.#build) return;
      Object.assign(this, { train, val, test });
      this.spec = { kind: 'synthetic', perClass, seed, valFraction: this.valFraction, testFraction };
      this.buildMs = performance.now() - t0;
      this.problems = [];
    } catch (e) {
      if (build === this.#build) this.error = `Could not build the synthetic dataset: ${(e as Error).message}`;
    } finally {
      if (build === this.#build) {
        this.busy = false;
        this.progress = '';
      }
    }
  }
  #build = 0;

  /** Rebuilds a synthetic dataset from its spec (the same images and split as when it was saved; no test split in older specs). */
  async rebuild(spec: DatasetSpec & { kind: 'synthetic' }): Promise<void> {
    this.valFraction = spec.valFraction;
    await this.useSynthetic(spec.perClass, spec.seed, spec.testFraction ?? 0);
  }

  /** Loads dropped files: CIFAR-10 .bin / .tar.gz, or image files from folders. Never throws. */
  async useFiles(files: ArrayLike<File>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const list = Array.from(files);
      const cifar = list.filter((f) => /\.bin$|\.tar(\.gz)?$|\.tgz$|batches\.meta\.txt$/i.test(f.name));
      if (cifar.length && cifar.length === list.filter((f) => !/^\./.test(f.name)).length) await this.loadCifar(cifar);
      else await this.loadFolder(list);
    } catch (e) {
      this.error = `Could not load the files: ${(e as Error).message}`;
    } finally {
      this.busy = false;
      this.progress = '';
    }
  }

  /** Uses images made in the page (webcam frames) as the dataset, split stratified like a dropped folder. */
  useCaptured(all: ImageDataset, name: string): void {
    this.error = null;
    this.adopt(all, null, [], name);
  }

  private async loadCifar(files: File[]): Promise<void> {
    this.progress = 'Reading CIFAR-10…';
    const archive = files.find((f) => /\.tar(\.gz)?$|\.tgz$/i.test(f.name));
    // unpacked and converted in a worker, within CIFAR_LIMITS: a gzip bomb costs the worker, not the page
    const res = await loadCifarOffThread(files);
    this.adopt(res.train, res.test, res.problems, archive?.name ?? 'CIFAR-10 batches');
  }

  private async loadFolder(files: File[]): Promise<void> {
    const decoder = folderDecoder(); // one worker decodes the whole folder, each image already shrunk
    const res = await loadImageFolder(folderFilesFrom(files), decoder.decode, {
      onProgress: (d, n) => { if (d % 50 === 0 || d === n) this.progress = `Decoding images ${d}/${n}…`; },
    }).finally(() => decoder.close());
    const notes = res.resized ? [{ file: '(folder)', reason: `${res.resized} images were not 32×32 and were resized` }] : [];
    this.adopt(res.train, res.test, [...res.problems, ...notes], files[0]?.webkitRelativePath.split('/')[0] || 'your images');
  }

  /**
   * Takes a loaded dataset (with its own test images, or split here three ways: studioSplit) unless a class has too
   * few images to train and validate on; then `error` says so and the previous dataset stays.
   */
  private adopt(train: ImageDataset | null, test: ImageDataset | null, problems: { file: string; reason: string }[], name: string): void {
    this.problems = problems;
    if (!train || train.classNames.length < 2) {
      this.error = 'No usable training images with at least two classes were found (see the list of skipped files).';
      return;
    }
    const split = studioSplit(train, test, { valFraction: this.valFraction, testFraction: TEST_FRACTION, maxPerClass: this.maxPerClass, seed: SPLIT_SEED });
    if ('problem' in split) {
      this.error = `These images cannot be used yet. ${split.problem}`;
      return;
    }
    Object.assign(this, split);
    this.spec = { kind: 'custom', name };
  }
}
