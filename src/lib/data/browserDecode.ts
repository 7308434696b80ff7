/**
 * Image decoding in the browser (page or worker) for the folder loader: createImageBitmap, then the pixels
 * read back from a 2D canvas at the image's own size (resizing is done by resize.ts, the same in Node).
 */
import type { FolderFile, ImageDecoder } from './folders';

/** Decodes PNG/JPEG/GIF/BMP/WebP bytes to RGBA; throws when the browser cannot decode them. */
export const browserDecoder: ImageDecoder = async (bytes, path) => {
  const type = /\.png$/i.test(path) ? 'image/png' : /\.jpe?g$/i.test(path) ? 'image/jpeg' : '';
  const bmp = await createImageBitmap(new Blob([bytes as BlobPart], type ? { type } : {}));
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(bmp.width, bmp.height) : Object.assign(document.createElement('canvas'), { width: bmp.width, height: bmp.height });
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(bmp, 0, 0);
    return { width: bmp.width, height: bmp.height, channels: 4, data: ctx.getImageData(0, 0, bmp.width, bmp.height).data };
  } finally {
    bmp.close();
  }
};

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
