/**
 * Image decoding in the browser for the folder loader: decode.ts (header checked against the pixel cap, then
 * createImageBitmap already resized, pixels from an OffscreenCanvas), in a worker where there is one. Images
 * arrive at most FOLDER_DECODE_SIDE px on their longer side; resize.ts makes them 32×32, the same in Node.
 */
import type { FolderFile, ImageDecoder } from './folders';
import { decodeToFit } from '../image/decode';
import { PictureDecoder } from '../../workers/decode';

/** Longer side a folder image is decoded to: 8× the 32-px training size, so the area-weighted resize still averages 64 pixels per output pixel. */
export const FOLDER_DECODE_SIDE = 256;

const blobOf = (bytes: Uint8Array, path: string) => new Blob([bytes as BlobPart], /\.png$/i.test(path) ? { type: 'image/png' } : /\.jpe?g$/i.test(path) ? { type: 'image/jpeg' } : {});

/** Decodes PNG/JPEG/GIF/BMP/WebP bytes to RGBA on the page (at most FOLDER_DECODE_SIDE px); throws in plain words. */
export const browserDecoder: ImageDecoder = async (bytes, path) => {
  const { image } = await decodeToFit(blobOf(bytes, path), path, { maxSide: FOLDER_DECODE_SIDE });
  return { ...image, channels: 4 };
};

/**
 * The folder decoder to use: one worker for the whole folder (close() ends it), or browserDecoder where workers
 * or OffscreenCanvas are missing. A 20000×20000 PNG is refused from its header; a 40-megapixel photo is decoded
 * without freezing the page.
 */
export function folderDecoder(): { decode: ImageDecoder; close: () => void } {
  if (!PictureDecoder.available) return { decode: browserDecoder, close: () => undefined };
  const worker = new PictureDecoder();
  const decode: ImageDecoder = async (bytes, path) => {
    const { image } = await worker.decode(blobOf(bytes, path), path, { maxSide: FOLDER_DECODE_SIDE });
    return { ...image, channels: 4 };
  };
  return { decode, close: () => worker.close() };
}

/** Wraps dropped/picked Files (webkitRelativePath when a folder was picked) as FolderFiles. */
export function folderFilesFrom(files: ArrayLike<File>): FolderFile[] {
  return Array.from(files, (f) => ({
    path: f.webkitRelativePath || f.name,
    read: async () => new Uint8Array(await f.arrayBuffer()),
  }));
}

/**
 * The files of a drop, walking dropped folders (webkitGetAsEntry); each File gets its path inside the drop as
 * webkitRelativePath, as a folder picker would set it. Entries are taken synchronously, while the event lasts.
 */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = Array.from(dt.items, (i) => i.webkitGetAsEntry?.() ?? null).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return Array.from(dt.files);
  const out: File[] = [];
  const walk = async (e: FileSystemEntry): Promise<void> => {
    if (e.isFile) {
      const f = await new Promise<File>((ok, fail) => (e as FileSystemFileEntry).file(ok, fail));
      Object.defineProperty(f, 'webkitRelativePath', { value: e.fullPath.replace(/^\//, '') });
      out.push(f);
    } else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      // readEntries returns at most ~100 entries per call: call until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const c of batch) await walk(c);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}
