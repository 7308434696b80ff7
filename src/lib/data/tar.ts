/**
 * A tiny reader for (gzip-compressed) tar archives, enough for dataset archives: regular files only, ustar
 * name prefixes, GNU long names and pax 'path'/'size' records supported; anything malformed raises ArchiveError
 * with a reason. Unpacking a .tar.gz within a byte cap is unpack.ts's job.
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

/**
 * The records of a pax extended header ("<len> <key>=<value>\n", len counting the whole record, UTF-8), as a
 * map. macOS and GNU tar write one before a file whose name is over 100 bytes or not ASCII ('path') or whose
 * size does not fit the octal field ('size').
 */
export function parsePax(b: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let off = 0;
  while (off < b.length && b[off] !== 0) {
    let sp = off;
    while (sp < b.length && b[sp] !== 0x20) sp++;
    const len = Number(new TextDecoder().decode(b.subarray(off, sp)));
    if (!Number.isInteger(len) || len <= sp - off + 1 || off + len > b.length || b[off + len - 1] !== 0x0a) {
      throw new ArchiveError(`bad pax extended header (a record at byte ${off} is malformed)`);
    }
    const rec = new TextDecoder().decode(b.subarray(sp + 1, off + len - 1));
    const eq = rec.indexOf('=');
    if (eq <= 0) throw new ArchiveError(`bad pax extended header (record "${rec.slice(0, 40)}" has no key)`);
    out.set(rec.slice(0, eq), rec.slice(eq + 1));
    off += len;
  }
  return out;
}

/** Lists the regular files of an uncompressed tar archive (subarray views, no copies). */
export function readTar(b: Uint8Array): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | null = null;
  let pax = new Map<string, string>();
  while (off + 512 <= b.length) {
    if (b.subarray(off, off + 512).every((v) => v === 0)) break;
    if (!headerChecksumOk(b, off)) throw new ArchiveError(`not a tar archive, or corrupt at byte ${off} (header checksum)`);
    const type = String.fromCharCode(b[off + 156] || 48);
    // A pax 'size' belongs to the entry after the extended header, never to another extended header.
    const paxSize = type === 'x' || type === 'g' ? undefined : pax.get('size');
    if (paxSize !== undefined && !/^\d+$/.test(paxSize)) throw new ArchiveError(`bad pax extended header: size "${paxSize}"`);
    const size = paxSize !== undefined ? Number(paxSize) : octal(b, off + 124, 12);
    const prefix = field(b, off + 345, 155);
    let name = field(b, off, 100);
    if (prefix) name = `${prefix}/${name}`;
    const start = off + 512;
    if (start + size > b.length) throw new ArchiveError(`archive is truncated: "${name}" needs ${size} bytes`);
    const data = b.subarray(start, start + size);
    if (type === 'L') longName = field(data, 0, data.length);
    else if (type === 'x') pax = parsePax(data);
    else if (type !== 'g') {
      if (type === '0' || type === '7') out.push({ path: pax.get('path') ?? longName ?? name, bytes: data });
      longName = null;
      pax = new Map();
    }
    off = start + Math.ceil(size / 512) * 512;
  }
  return out;
}
