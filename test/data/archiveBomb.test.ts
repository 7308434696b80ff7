/**
 * Archives built to exhaust memory: a .tar.gz that inflates to 1 GiB, and a tar whose data_batch holds more
 * records than CIFAR-10 has. Each ends with a plain-words problem, and the memory used stays near the cap
 * (process.memoryUsage().arrayBuffers sampled while the loader runs).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { createGzip } from 'node:zlib';
import { loadCifarArchive, loadCifarUpload } from '../../src/lib/data/cifarBinary';
import { tarHeader as header } from '../helpers/tarWriter';

/** gzip of a tar holding `name` with `size` zero bytes, made as a stream (the test never holds the inflated data). */
function gzipBomb(name: string, size: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const gz = createGzip({ level: 1 });
    const out: Buffer[] = [];
    gz.on('data', (c: Buffer) => out.push(c));
    gz.on('end', () => resolve(new Uint8Array(Buffer.concat(out))));
    gz.on('error', reject);
    gz.write(header(name, size));
    const zeros = Buffer.alloc(1 << 20);
    let left = size + 1024; // the member, then the two zero blocks that end a tar
    const more = () => {
      while (left > 0) {
        const n = Math.min(left, zeros.length);
        left -= n;
        if (!gz.write(zeros.subarray(0, n))) { gz.once('drain', more); return; }
      }
      gz.end();
    };
    more();
  });
}

/** Peak growth of ArrayBuffer memory while `run` is pending, sampled every 5 ms. */
async function peakArrayBuffers(run: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().arrayBuffers); }, 5);
  try { await run(); } finally { clearInterval(t); }
  return Math.max(peak, process.memoryUsage().arrayBuffers) - base;
}

let bomb: Uint8Array;
beforeAll(async () => { bomb = await gzipBomb('cifar-10-batches-bin/data_batch_1.bin', 2 ** 30); }, 120_000);

describe('archives that would exhaust memory', { timeout: 120_000 }, () => {
  it('a 1 GiB gzip bomb stops at the 200 MB cap with a clear problem, using about the cap', async () => {
    expect(bomb.length).toBeLessThan(5e6);
    let res!: Awaited<ReturnType<typeof loadCifarArchive>>;
    const grew = await peakArrayBuffers(async () => { res = await loadCifarArchive(bomb, 'bomb.tar.gz'); });
    expect(res.train).toBeNull();
    expect(res.problems).toEqual([{ file: 'bomb.tar.gz', reason: expect.stringMatching(/bomb\.tar\.gz unpacks to more than 200 MB, the most this page unpacks \(CIFAR-10's binary archive is 170 MB\)/) }]);
    // the cap plus one doubling step of the buffer at most; unbounded it was 1 GiB and more
    expect(grew).toBeLessThan(420e6);
  });

  it('a tar whose data_batch holds more records than CIFAR-10 has is refused before its records are read', async () => {
    const records = 101; // with the record cap lowered to 100 for the test; CIFAR-10's is 60,000
    const tar = new Uint8Array(512 + Math.ceil((records * 3073) / 512) * 512 + 1024);
    tar.set(header('data_batch_1.bin', records * 3073), 0);
    const res = await loadCifarArchive(tar, 'big.tar', { bytes: 200e6, records: 100 });
    expect(res.train).toBeNull();
    expect(res.problems[0]).toEqual({ file: 'data_batch_1.bin', reason: expect.stringMatching(/holds 101 records; with those before it that passes 100, the most read \(CIFAR-10 has 60,000\): skipped/) });
  });

  it('loose batch files over 200 MB in all are refused before a byte is read; small ones load', async () => {
    const unreadable = (name: string, size: number) => ({
      name, size, arrayBuffer: () => { throw new Error(`${name} was read`); },
    }) as unknown as Blob & { name: string };
    const res = await loadCifarUpload([unreadable('data_batch_1.bin', 150e6), unreadable('data_batch_2.bin', 60e6)]);
    expect(res.train).toBeNull();
    expect(res.problems).toEqual([{ file: 'data_batch_1.bin, data_batch_2.bin', reason: '210 MB in all; at most 200 MB is read (CIFAR-10\'s batches are 170 MB)' }]);
    const rec = new Uint8Array(3073);
    rec[0] = 7;
    const ok = await loadCifarUpload([new File([rec], 'data_batch_1.bin'), new File([rec], 'test_batch.bin')]);
    expect([Array.from(ok.train!.labels), Array.from(ok.test!.labels)]).toEqual([[7], [7]]);
    const viaTar = await loadCifarUpload([new File([header('test_batch.bin', 3073), rec, new Uint8Array(512 * 6 - 3073 + 1024)] as BlobPart[], 'c.tar')]);
    expect(Array.from(viaTar.test!.labels)).toEqual([7]);
  });
});
