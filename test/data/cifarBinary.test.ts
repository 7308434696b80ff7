import { describe, it, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { parseCifarBatch, loadCifarArchive, loadCifarFiles } from '../../src/lib/data/cifarBinary';
import { readTar } from '../../src/lib/data/tar';

/** A record as the CIFAR-10 site documents it: label, then R plane, G plane, B plane (1024 bytes each). */
function record(label: number, seed: number): Uint8Array {
  const r = new Uint8Array(3073);
  r[0] = label;
  for (let i = 1; i < 3073; i++) r[i] = (i * 7 + seed * 31) % 256;
  return r;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A minimal POSIX ustar writer, written independently of the reader under test. */
function tar(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    const h = new Uint8Array(512);
    h.set(Buffer.from(f.name), 0);
    h.set(Buffer.from('0000644\0'), 100);
    h.set(Buffer.from(f.data.length.toString(8).padStart(11, '0') + '\0'), 124);
    h.set(Buffer.from('00000000000\0'), 136);
    h.set(Buffer.from('        '), 148);
    h[156] = '0'.charCodeAt(0);
    h.set(Buffer.from('ustar\x0000'), 257);
    const sum = h.reduce((s, v) => s + v, 0);
    h.set(Buffer.from(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    blocks.push(h, f.data, new Uint8Array((512 - (f.data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return concat(blocks);
}

describe('CIFAR-10 binary loader', () => {
  it('reads labels and converts planar R,G,B to NHWC', () => {
    const recs = [record(3, 1), record(9, 2), record(0, 3)];
    const d = parseCifarBatch(concat(recs));
    expect(Array.from(d.labels)).toEqual([3, 9, 0]);
    for (let n = 0; n < 3; n++) {
      for (const [y, x] of [[0, 0], [5, 17], [31, 31]]) {
        for (let c = 0; c < 3; c++) {
          expect(d.images[n * 3072 + (y * 32 + x) * 3 + c]).toBe(recs[n][1 + c * 1024 + y * 32 + x]);
        }
      }
    }
  });

  it('rejects a file that is not whole records, and a label above 9', () => {
    expect(() => parseCifarBatch(new Uint8Array(3000), 'x.bin')).toThrow(/3073-byte/);
    const bad = record(12, 0);
    expect(() => parseCifarBatch(bad)).toThrow(/label 12/);
  });

  it('reads a gzip+tar archive into train and test, listing other files', async () => {
    const archive = gzipSync(tar([
      { name: 'cifar-10-batches-bin/data_batch_1.bin', data: concat([record(1, 1), record(2, 2)]) },
      { name: 'cifar-10-batches-bin/data_batch_2.bin', data: record(4, 3) },
      { name: 'cifar-10-batches-bin/test_batch.bin', data: record(5, 4) },
      { name: 'cifar-10-batches-bin/notes.txt', data: new Uint8Array([1, 2]) },
    ]));
    const res = await loadCifarArchive(new Uint8Array(archive));
    expect(Array.from(res.train!.labels)).toEqual([1, 2, 4]);
    expect(Array.from(res.test!.labels)).toEqual([5]);
    expect(res.problems).toEqual([{ file: 'cifar-10-batches-bin/notes.txt', reason: 'not a CIFAR-10 batch file (skipped)' }]);
    expect(readTar(tar([{ name: 'a', data: new Uint8Array(3) }]))[0].bytes.length).toBe(3);
  });

  it('reports a corrupt or truncated archive with a reason instead of throwing', async () => {
    const good = new Uint8Array(gzipSync(tar([{ name: 'data_batch_1.bin', data: record(1, 1) }])));
    const truncated = good.subarray(0, good.length - 40);
    const r1 = await loadCifarArchive(truncated, 'c.tar.gz');
    expect(r1.train).toBeNull();
    expect(r1.problems[0].reason).toMatch(/corrupt|truncated/);
    const notTar = await loadCifarArchive(new Uint8Array(gzipSync(Buffer.alloc(2048, 65))), 'x.tar.gz');
    expect(notTar.problems[0].reason).toMatch(/not a tar archive/);
    const badBin = loadCifarFiles([{ name: 'data_batch_1.bin', bytes: new Uint8Array(10) }]);
    expect(badBin.problems[0].reason).toMatch(/3073/);
  });
});
