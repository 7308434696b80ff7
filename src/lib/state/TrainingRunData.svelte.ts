/**
 * The studio's dataset: built-in synthetic (default), a dropped folder of images, or CIFAR-10 binary files /
 * archive. Holds the train/validation split, class balance and the list of skipped files with reasons.
 */
import type { ImageDataset } from '../data/dataset';
import { makeSyntheticDataset } from '../data/synthetic';
import { stratifiedSplit, limitPerClass, classBalance } from '../data/split';
import { loadCifarArchive, loadCifarFiles } from '../data/cifarBinary';
import { loadImageFolder } from '../data/folders';
import { browserDecoder, folderFilesFrom } from '../data/browserDecode';
import type { RunRecord } from '../train/idbStore';

export type DatasetSpec = RunRecord['dataset'];

export class TrainingRunData {
  train = $state.raw<ImageDataset | null>(null);
  val = $state.raw<ImageDataset | null>(null);
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

  /** Images per class in train and validation. */
  get balance(): { train: number[]; val: number[]; minOverMax: number } | null {
    if (!this.train || !this.val) return null;
    const t = classBalance(this.train);
    return { train: t.counts, val: classBalance(this.val).counts, minOverMax: t.minOverMax };
  }

  /** Builds the synthetic dataset (perClass images per class), split stratified. */
  useSynthetic(perClass = 100, seed = 1): void {
    const t0 = performance.now();
    const all = makeSyntheticDataset({ perClass, seed });
    this.setSplit(all, { kind: 'synthetic', perClass, seed, valFraction: this.valFraction });
    this.buildMs = performance.now() - t0;
    this.problems = [];
  }

  /** Rebuilds a dataset from its spec; false when it cannot be (a user's files are not stored). */
  rebuild(spec: DatasetSpec): boolean {
    if (spec.kind !== 'synthetic') return false;
    this.valFraction = spec.valFraction;
    this.useSynthetic(spec.perClass, spec.seed);
    return true;
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
    const res = archive
      ? await loadCifarArchive(new Uint8Array(await archive.arrayBuffer()), archive.name)
      : loadCifarFiles(await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))));
    this.adopt(res.train, res.test, res.problems, archive?.name ?? 'CIFAR-10 batches');
  }

  private async loadFolder(files: File[]): Promise<void> {
    const res = await loadImageFolder(folderFilesFrom(files), browserDecoder, {
      onProgress: (d, n) => { if (d % 50 === 0 || d === n) this.progress = `Decoding images ${d}/${n}…`; },
    });
    const notes = res.resized ? [{ file: '(folder)', reason: `${res.resized} images were not 32×32 and were resized` }] : [];
    this.adopt(res.train, res.test, [...res.problems, ...notes], files[0]?.webkitRelativePath.split('/')[0] || 'your images');
  }

  private adopt(train: ImageDataset | null, test: ImageDataset | null, problems: { file: string; reason: string }[], name: string): void {
    this.problems = problems;
    if (!train || train.classNames.length < 2) {
      this.error = 'No usable training images with at least two classes were found (see the list of skipped files).';
      return;
    }
    const capped = limitPerClass(train, this.maxPerClass);
    if (test) {
      this.train = capped;
      this.val = limitPerClass(test, Math.max(1, Math.round(this.maxPerClass * this.valFraction)));
      this.spec = { kind: 'custom', name };
    } else this.setSplit(capped, { kind: 'custom', name });
  }

  private setSplit(all: ImageDataset, spec: DatasetSpec): void {
    const { train, val } = stratifiedSplit(all, this.valFraction, 7);
    this.train = train;
    this.val = val;
    this.spec = spec;
  }
}
