/**
 * A tiny reader for (gzip-compressed) tar archives, enough for dataset archives: regular files only,
 * ustar name prefixes and GNU long names supported; anything malformed raises ArchiveError with a reason.
 */

export class ArchiveError extends Error {}

export interface TarEntry {
  path: string;
  bytes: Uint8Array;
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Decompresses gzip with the platform's DecompressionStream (browsers, workers, Node ≥ 18). */
export async function gunzip(b: Uint8Array): Promise<Uint8Array> {
  try {
    const stream = new Blob([b as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new ArchiveError(`the gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

function field(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return new TextDecoder().decode(b.subarray(off, end));
}

function octal(b: Uint8Array, off: number, len: number): number {
  const s = field(b, off, len).trim();
  if (!/^[0-7]*$/.test(s)) throw new ArchiveError(`bad tar header at byte ${off - 124}: size "${s}" is not octal`);
  return s === '' ? 0 : parseInt(s, 8);
}

/** The checksum of a header: the sum of its bytes with the checksum field counted as spaces. */
function headerChecksumOk(b: Uint8Array, off: number): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[off + i];
  const stored = field(b, off + 148, 8).trim();
  return /^[0-7]+$/.test(stored) && sum === parseInt(stored, 8);
}

/** Lists the regular files of an uncompressed tar archive (subarray views, no copies). */
export function readTar(b: Uint8Array): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | null = null;
  while (off + 512 <= b.length) {
    if (b.subarray(off, off + 512).every((v) => v === 0)) break;
    if (!headerChecksumOk(b, off)) throw new ArchiveError(`not a tar archive, or corrupt at byte ${off} (header checksum)`);
    const size = octal(b, off + 124, 12);
    const type = String.fromCharCode(b[off + 156] || 48);
    const prefix = field(b, off + 345, 155);
    let name = field(b, off, 100);
    if (prefix) name = `${prefix}/${name}`;
    const start = off + 512;
    if (start + size > b.length) throw new ArchiveError(`archive is truncated: "${name}" needs ${size} bytes`);
    const data = b.subarray(start, start + size);
    if (type === 'L') longName = field(data, 0, data.length);
    else {
      if (type === '0' || type === '7') out.push({ path: longName ?? name, bytes: data });
      longName = null;
    }
    off = start + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Reads a .tar or .tar.gz archive. */
export async function readArchive(b: Uint8Array): Promise<TarEntry[]> {
  return readTar(isGzip(b) ? await gunzip(b) : b);
}
