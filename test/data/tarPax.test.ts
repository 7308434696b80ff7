/**
 * pax extended headers, as GNU tar 1.34 (and macOS's bsdtar) write them for a name over 100 bytes or a
 * non-ASCII name. The fixture was made by GNU tar itself, not by the reader under test:
 *   tar --format=pax --pax-option='delete=atime,delete=ctime' --owner=0 --group=0 --numeric-owner \
 *       --mtime='2020-01-01 00:00:00' --sort=name -cf pax.tar cifar-10-batches-bin café short.txt; gzip -9n pax.tar
 * holding cifar-10-batches-bin/data_batch_1_<110 × "x">.bin ("hello pax"), café/one.txt ("nfc"), short.txt ("short").
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readTar, parsePax, ArchiveError } from '../../src/lib/data/tar';

const fixture = new Uint8Array(gunzipSync(readFileSync(new URL('./fixtures/pax-gnu-tar.tar.gz', import.meta.url))));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('tar reader: pax extended headers', () => {
  it('takes each file name from its pax "path" record (the ustar field keeps only the first 100 bytes)', () => {
    const files = readTar(fixture).map((e) => [e.path, text(e.bytes)]);
    const long = `cifar-10-batches-bin/data_batch_1_${'x'.repeat(110)}.bin`;
    expect(long.length).toBeGreaterThan(100);
    expect(files).toEqual([[long, 'hello pax'], ['café/one.txt', 'nfc'], ['short.txt', 'short']]);
  });

  it('parses records by their byte length (UTF-8 values, "=" inside values) and refuses malformed ones', () => {
    const rec = (k: string, v: string) => {
      const body = ` ${k}=${v}\n`;
      const n = new TextEncoder().encode(body).length;
      let len = n + String(n).length;
      if (String(len).length !== String(n).length) len += 1;
      return `${len}${body}`;
    };
    const bytes = new TextEncoder().encode(rec('path', 'dir/é=1.bin') + rec('size', '12'));
    expect([...parsePax(bytes)]).toEqual([['path', 'dir/é=1.bin'], ['size', '12']]);
    expect(() => parsePax(new TextEncoder().encode('99 path=x\n'))).toThrow(ArchiveError);
    expect(() => parsePax(new TextEncoder().encode('7 =abc\n'))).toThrow(/no key/);
  });
});
