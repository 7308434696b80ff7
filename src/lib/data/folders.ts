/**
 * A dataset from a dropped folder of images: `train/<class>/…` (+ optional `test/<class>/…`) or simply one
 * sub-folder per class. Decoding is injected (createImageBitmap in the browser, jpeg-js in Node), so this
 * file stays pure and testable. Bad files are skipped and listed with a reason; nothing throws.
 */
import type { ImageDataset } from './dataset';
import { resizeToRgb } from './resize';

/** A dropped file: its relative path (webkitRelativePath or archive path) and a way to read its bytes. */
export interface FolderFile {
  path: string;
  read: () => Promise<Uint8Array>;
}

/** Decodes image bytes to pixels; throws on anything it cannot decode. */
export type ImageDecoder = (bytes: Uint8Array, path: string) => Promise<{ width: number; height: number; channels: 3 | 4; data: ArrayLike<number> }>;

export interface FolderLoad {
  train: ImageDataset | null;
  test: ImageDataset | null;
  problems: { file: string; reason: string }[];
  /** How many images were not size×size and were resized (area-weighted). */
  resized: number;
}

const IMAGE_EXT = /\.(png|jpe?g|gif|bmp|webp)$/i;
const MIN_SIDE = 8;

/**
 * Split ('train' | 'test') and class name of a path, or a reason it has neither. Paths are read in Unicode NFC,
 * so a folder "café" written precomposed (Windows, Linux) and decomposed (macOS: e + ◌́) is one class.
 */
export function classifyPath(path: string): { split: 'train' | 'test'; cls: string } | { reason: string } {
  const parts = path.normalize('NFC').split('/').filter(Boolean);
  const i = parts.findIndex((p, k) => k < parts.length - 2 && /^(train|test|val|valid|validation)$/i.test(p));
  if (i >= 0) return { split: /^train$/i.test(parts[i]) ? 'train' : 'test', cls: parts[i + 1] };
  if (parts.length < 2) return { reason: 'not inside a class folder (expected <class>/<image>)' };
  return { split: 'train', cls: parts[parts.length - 2] };
}

interface Decoded { split: 'train' | 'test'; cls: string; rgb: Uint8Array }

async function decodeOne(f: FolderFile, decode: ImageDecoder, size: number, load: FolderLoad): Promise<Decoded | null> {
  const base = f.path.split('/').pop() ?? f.path;
  if (base.startsWith('.')) return null;
  if (!IMAGE_EXT.test(base)) return fail(load, f.path, 'not an image (extension)');
  const where = classifyPath(f.path);
  if ('reason' in where) return fail(load, f.path, where.reason);
  let img;
  try {
    img = await decode(await f.read(), f.path);
  } catch (e) {
    return fail(load, f.path, `could not decode the image (${(e as Error).message})`);
  }
  if (img.width < MIN_SIDE || img.height < MIN_SIDE) return fail(load, f.path, `too small (${img.width}×${img.height}, need ≥ ${MIN_SIDE}×${MIN_SIDE})`);
  if (img.width !== size || img.height !== size) load.resized += 1;
  return { ...where, rgb: resizeToRgb(img.data, img.width, img.height, img.channels, size) };
}

function fail(load: FolderLoad, file: string, reason: string): null {
  load.problems.push({ file, reason });
  return null;
}

function toDataset(items: Decoded[], classNames: string[], size: number): ImageDataset | null {
  if (items.length === 0) return null;
  const images = new Uint8Array(items.length * size * size * 3);
  const labels = new Uint8Array(items.length);
  items.forEach((it, i) => {
    images.set(it.rgb, i * size * size * 3);
    labels[i] = classNames.indexOf(it.cls);
  });
  return { images, labels, height: size, width: size, classNames };
}

/**
 * Loads the folder. Classes are the sorted folder names that hold at least one usable image (as
 * torchvision's ImageFolder); a class folder with none is listed as a problem. At most 255 classes.
 */
export async function loadImageFolder(
  files: FolderFile[], decode: ImageDecoder, opts: { size?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<FolderLoad> {
  const size = opts.size ?? 32;
  const load: FolderLoad = { train: null, test: null, problems: [], resized: 0 };
  const items: Decoded[] = [];
  const seenClasses = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    const where = classifyPath(files[i].path);
    if (!('reason' in where)) seenClasses.add(where.cls);
    const d = await decodeOne(files[i], decode, size, load);
    if (d) items.push(d);
    opts.onProgress?.(i + 1, files.length);
  }
  const classNames = [...new Set(items.map((d) => d.cls))].sort();
  for (const c of [...seenClasses].sort()) {
    if (!classNames.includes(c)) load.problems.push({ file: c, reason: `class "${c}" has no usable images (skipped)` });
  }
  if (classNames.length > 255) {
    load.problems.push({ file: '(folder)', reason: `${classNames.length} classes; at most 255 are supported` });
    return load;
  }
  if (classNames.length < 2 && items.length > 0) load.problems.push({ file: '(folder)', reason: 'only one class found; training needs at least two' });
  load.train = toDataset(items.filter((d) => d.split === 'train'), classNames, size);
  load.test = toDataset(items.filter((d) => d.split === 'test'), classNames, size);
  return load;
}
