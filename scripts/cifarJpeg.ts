/**
 * CIFAR-10 for the Node benchmarks, from ../shared/data/cifar10-jpg.tar.gz (a JPEG re-encode of the official
 * images as {train,test}/<class>/NNNN.jpg), read with the studio's own archive reader and folder loader; jpeg-js
 * decodes. Not a bench itself (no `bench-` prefix).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { readArchive } from '../src/lib/data/unpack';
import { CIFAR_LIMITS } from '../src/lib/data/cifarBinary';
import { loadImageFolder, type FolderFile } from '../src/lib/data/folders';
import type { ImageDataset } from '../src/lib/data/dataset';

/** Where the archive lives (the shared, read-only data folder beside the repository). */
export const CIFAR_JPEG_ARCHIVE = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/cifar10-jpg.tar.gz');

/** The first `n` files of each <split>/<class>/ folder, in archive order. */
function firstPerClass(entries: { path: string; bytes: Uint8Array }[], split: string, n: number): FolderFile[] {
  const seen = new Map<string, number>();
  const out: FolderFile[] = [];
  const pattern = new RegExp(`(^|/)${split}/([^/]+)/[^/]+\\.jpe?g$`, 'i');
  for (const e of entries) {
    const m = pattern.exec(e.path);
    if (!m) continue;
    const k = seen.get(m[2]) ?? 0;
    if (k >= n) continue;
    seen.set(m[2], k + 1);
    out.push({ path: e.path, read: async () => e.bytes });
  }
  return out;
}

const decode = async (bytes: Uint8Array) => {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: img.width, height: img.height, channels: 3 as const, data: img.data };
};

/**
 * Train and test sets with at most `trainPerClass` / `testPerClass` images per class (default: all 5,000 /
 * 1,000), and the seconds the reading and decoding took; null when the archive is not there.
 */
export async function loadCifarJpeg(opts: { trainPerClass?: number; testPerClass?: number } = {}):
  Promise<{ train: ImageDataset; test: ImageDataset; seconds: number; problems: number } | null> {
  if (!existsSync(CIFAR_JPEG_ARCHIVE)) return null;
  const t0 = performance.now();
  const entries = await readArchive(new Uint8Array(readFileSync(CIFAR_JPEG_ARCHIVE)), CIFAR_LIMITS.bytes);
  const files = [...firstPerClass(entries, 'train', opts.trainPerClass ?? Infinity), ...firstPerClass(entries, 'test', opts.testPerClass ?? Infinity)];
  const res = await loadImageFolder(files, decode);
  if (!res.train || !res.test) throw new Error(`could not load CIFAR-10: ${JSON.stringify(res.problems.slice(0, 3))}`);
  return { train: res.train, test: res.test, seconds: (performance.now() - t0) / 1000, problems: res.problems.length };
}
