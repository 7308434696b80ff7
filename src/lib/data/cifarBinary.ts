/**
 * The official CIFAR-10 binary format (https://www.cs.toronto.edu/~kriz/cifar.html): each record is 1 label
 * byte then 3072 pixel bytes — the 1024 red values, then green, then blue, each plane row-major 32×32.
 * Files: data_batch_1..5.bin (training), test_batch.bin, batches.meta.txt (class names), packed as
 * cifar-10-binary.tar.gz. Records are converted to the studio's NHWC layout.
 */
import type { ImageDataset } from './dataset';
import { ArchiveError } from './tar';
import { readArchive } from './unpack';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const RECORD = 1 + 3072;

/** Most bytes unpacked and records read from the learner's files. */
export interface CifarLimits { bytes: number; records: number }
/** CIFAR-10 is 60,000 records (50,000 training + 10,000 test), 170 MB unpacked: a little headroom, no more. */
export const CIFAR_LIMITS: CifarLimits = { bytes: 200_000_000, records: 60_000 };

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

/**
 * Sorts named .bin files into train (data_batch_N) and test (test_batch); unreadable files, and batches that
 * would take the total past `limits.records`, become problems (judged by size, before a record is converted).
 */
export function loadCifarFiles(files: { name: string; bytes: Uint8Array }[], limits: CifarLimits = CIFAR_LIMITS): CifarLoad {
  const problems: CifarLoad['problems'] = [];
  let records = 0;
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
    const n = Math.floor(f.bytes.length / RECORD);
    if (records + n > limits.records) {
      problems.push({ file: f.name, reason: `holds ${n.toLocaleString('en-US')} records; with those before it that passes ${limits.records.toLocaleString('en-US')}, the most read (CIFAR-10 has 60,000): skipped` });
      continue;
    }
    records += n;
    try {
      (isTrain ? train : test).push(parseCifarBatch(f.bytes, base, names.length === 10 ? names : CIFAR10_CLASSES));
    } catch (e) {
      problems.push({ file: f.name, reason: (e as Error).message });
    }
  }
  return { train: train.length ? concatDatasets(train) : null, test: test.length ? concatDatasets(test) : null, problems };
}

/**
 * Reads cifar-10-binary.tar.gz (or .tar), unpacked within `limits.bytes` and read within `limits.records`; a
 * corrupt or oversized archive is reported as a problem, never thrown.
 */
export async function loadCifarArchive(src: Blob | Uint8Array, name = 'archive', limits: CifarLimits = CIFAR_LIMITS): Promise<CifarLoad> {
  try {
    const entries = await readArchive(src, limits.bytes, name);
    const res = loadCifarFiles(entries.map((e) => ({ name: e.path, bytes: e.bytes })), limits);
    if (!res.train && !res.test) res.problems.push({ file: name, reason: 'the archive holds no data_batch_N.bin or test_batch.bin' });
    return res;
  } catch (e) {
    const reason = e instanceof ArchiveError ? e.message : `could not read the archive (${(e as Error).message})`;
    return { train: null, test: null, problems: [{ file: name, reason }] };
  }
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

/**
 * The studio's CIFAR-10 drop: one archive (.tar, .tar.gz, .tgz), or loose .bin batches (with batches.meta.txt).
 * Loose files over `limits.bytes` in all are refused before a byte is read. Never throws.
 */
export async function loadCifarUpload(files: (Blob & { name: string })[], limits: CifarLimits = CIFAR_LIMITS): Promise<CifarLoad> {
  const archive = files.find((f) => /\.tar(\.gz)?$|\.tgz$/i.test(f.name));
  if (archive) return loadCifarArchive(archive, archive.name, limits);
  const total = files.reduce((s, f) => s + f.size, 0);
  if (total > limits.bytes) {
    return { train: null, test: null, problems: [{ file: files.map((f) => f.name).join(', '), reason: `${mb(total)} in all; at most ${mb(limits.bytes)} is read (CIFAR-10's batches are 170 MB)` }] };
  }
  return loadCifarFiles(await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))), limits);
}
