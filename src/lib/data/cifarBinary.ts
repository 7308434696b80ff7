/**
 * The official CIFAR-10 binary format (https://www.cs.toronto.edu/~kriz/cifar.html): each record is 1 label
 * byte then 3072 pixel bytes — the 1024 red values, then green, then blue, each plane row-major 32×32.
 * Files: data_batch_1..5.bin (training), test_batch.bin, batches.meta.txt (class names), packed as
 * cifar-10-binary.tar.gz. Records are converted to the studio's NHWC layout.
 */
import type { ImageDataset } from './dataset';
import { readArchive, ArchiveError } from './tar';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const RECORD = 1 + 3072;

export class CifarFormatError extends Error {}

/** Parses one .bin batch file; throws CifarFormatError with the reason when it is not CIFAR-10 binary. */
export function parseCifarBatch(bytes: Uint8Array, name = 'file', classNames = CIFAR10_CLASSES): ImageDataset {
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new CifarFormatError(`${name}: ${bytes.length} bytes is not a whole number of 3073-byte CIFAR-10 records`);
  }
  const n = bytes.length / RECORD;
  const images = new Uint8Array(n * 3072);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * RECORD;
    const label = bytes[r];
    if (label >= classNames.length) throw new CifarFormatError(`${name}: record ${i} has label ${label}, expected 0–9`);
    labels[i] = label;
    for (let p = 0; p < 1024; p++) {
      const o = i * 3072 + p * 3;
      images[o] = bytes[r + 1 + p];
      images[o + 1] = bytes[r + 1 + 1024 + p];
      images[o + 2] = bytes[r + 1 + 2048 + p];
    }
  }
  return { images, labels, height: 32, width: 32, classNames: classNames.slice() };
}

/** Concatenates datasets of equal image size and classes. */
export function concatDatasets(parts: ImageDataset[]): ImageDataset {
  const total = parts.reduce((s, p) => s + p.labels.length, 0);
  const px = parts[0].height * parts[0].width * 3;
  const images = new Uint8Array(total * px);
  const labels = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    images.set(p.images, o * px);
    labels.set(p.labels, o);
    o += p.labels.length;
  }
  return { ...parts[0], images, labels, classNames: parts[0].classNames.slice() };
}

export interface CifarLoad {
  train: ImageDataset | null;
  test: ImageDataset | null;
  problems: { file: string; reason: string }[];
}

/** Sorts named .bin files into train (data_batch_N) and test (test_batch); unreadable files become problems. */
export function loadCifarFiles(files: { name: string; bytes: Uint8Array }[]): CifarLoad {
  const problems: CifarLoad['problems'] = [];
  const meta = files.find((f) => f.name.endsWith('batches.meta.txt'));
  const names = meta ? new TextDecoder().decode(meta.bytes).split('\n').map((s) => s.trim()).filter(Boolean) : CIFAR10_CLASSES;
  const train: ImageDataset[] = [];
  const test: ImageDataset[] = [];
  for (const f of files) {
    const base = f.name.split('/').pop() ?? f.name;
    const isTrain = /^data_batch_\d+\.bin$/.test(base);
    if (!isTrain && base !== 'test_batch.bin') {
      if (base !== 'batches.meta.txt' && base !== 'readme.html') problems.push({ file: f.name, reason: 'not a CIFAR-10 batch file (skipped)' });
      continue;
    }
    try {
      (isTrain ? train : test).push(parseCifarBatch(f.bytes, base, names.length === 10 ? names : CIFAR10_CLASSES));
    } catch (e) {
      problems.push({ file: f.name, reason: (e as Error).message });
    }
  }
  return { train: train.length ? concatDatasets(train) : null, test: test.length ? concatDatasets(test) : null, problems };
}

/** Reads cifar-10-binary.tar.gz (or .tar); a corrupt archive is reported as a problem, never thrown. */
export async function loadCifarArchive(bytes: Uint8Array, name = 'archive'): Promise<CifarLoad> {
  try {
    const entries = await readArchive(bytes);
    const res = loadCifarFiles(entries.map((e) => ({ name: e.path, bytes: e.bytes })));
    if (!res.train && !res.test) res.problems.push({ file: name, reason: 'the archive holds no data_batch_N.bin or test_batch.bin' });
    return res;
  } catch (e) {
    const reason = e instanceof ArchiveError ? e.message : `could not read the archive (${(e as Error).message})`;
    return { train: null, test: null, problems: [{ file: name, reason }] };
  }
}
