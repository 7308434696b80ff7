/**
 * A minimal tar writer for tests, written from the POSIX ustar and pax specs independently of the reader under
 * test: regular files, GNU long names ('L') and pax extended headers ('x', "<len> <key>=<value>\n" records).
 */

const enc = new TextEncoder();

/** One 512-byte ustar header: `type` '0' file, 'L' GNU long name, 'x' pax; checksum filled in. */
export function tarHeader(name: string, size: number, type = '0'): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, at: number) => h.set(enc.encode(s), at);
  put(name.slice(0, 100), 0);
  put('0000644\0', 100);
  put(size.toString(8).padStart(11, '0') + '\0', 124);
  put('00000000000\0', 136);
  put('        ', 148);
  h[156] = type.charCodeAt(0);
  put('ustar\x0000', 257);
  put(h.reduce((s, v) => s + v, 0).toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** One pax record: its decimal length counts itself, so the length of the length is solved for. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const n = enc.encode(body).length;
  let len = n + String(n).length;
  if (String(len).length !== String(n).length) len += 1;
  return `${len}${body}`;
}

/** A file to write; `longName: 'gnu' | 'pax'` stores `name` in a GNU long-name entry or a pax path record. */
export interface TarFile { name: string; data: Uint8Array; longName?: 'gnu' | 'pax' }

function padded(data: Uint8Array): Uint8Array[] {
  return [data, new Uint8Array((512 - (data.length % 512)) % 512)];
}

/** The archive bytes: each file (with its long-name entry if asked), then the two zero blocks. */
export function tar(files: TarFile[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    if (f.longName) {
      const meta = f.longName === 'gnu' ? enc.encode(f.name + '\0') : enc.encode(paxRecord('path', f.name));
      blocks.push(tarHeader(f.longName === 'gnu' ? '././@LongLink' : 'PaxHeader', meta.length, f.longName === 'gnu' ? 'L' : 'x'), ...padded(meta));
    }
    blocks.push(tarHeader(f.name, f.data.length), ...padded(f.data));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0));
  let o = 0;
  for (const b of blocks) { out.set(b, o); o += b.length; }
  return out;
}
