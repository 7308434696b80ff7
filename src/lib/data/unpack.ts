/**
 * Archives from the learner, unpacked within a byte cap: a .tar.gz is inflated as a stream
 * (DecompressionStream, in browsers, workers and Node ≥ 18) and stopped as soon as it passes the cap, so a
 * 1 MB gzip bomb costs the cap, not the gigabytes it claims. A plain .tar over the cap is refused unread.
 */
import { ArchiveError, isGzip, readTar, type TarEntry } from './tar';

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

/** Where a gzip stream says it ends: ISIZE, the unpacked length mod 2^32, in its last 4 bytes (a hint only). */
async function gzipSizeHint(blob: Blob): Promise<number> {
  if (blob.size < 18) return 0;
  const tail = new Uint8Array(await blob.slice(blob.size - 4).arrayBuffer());
  return new DataView(tail.buffer).getUint32(0, true);
}

/** A byte buffer that grows by doubling up to `cap`; `push` returns false once the cap would be passed. */
class CappedBuffer {
  #buf: Uint8Array;
  length = 0;
  constructor(initial: number, private cap: number) { this.#buf = new Uint8Array(Math.max(1, Math.min(initial, cap))); }
  push(c: Uint8Array): boolean {
    const need = this.length + c.byteLength;
    if (need > this.cap) return false;
    if (need > this.#buf.length) {
      const grown = new Uint8Array(Math.min(this.cap, Math.max(need, this.#buf.length * 2)));
      grown.set(this.#buf.subarray(0, this.length));
      this.#buf = grown;
    }
    this.#buf.set(c, this.length);
    this.length = need;
    return true;
  }
  bytes(): Uint8Array { return this.#buf.subarray(0, this.length); }
}

/**
 * The unpacked bytes of a gzip Blob, or ArchiveError once they pass `maxBytes` (the stream is cancelled
 * there: memory stays within about the cap) or when the data is corrupt.
 */
export async function gunzipCapped(blob: Blob, maxBytes: number, name = 'the archive'): Promise<Uint8Array> {
  const tooBig = () => new ArchiveError(`${name} unpacks to more than ${mb(maxBytes)}, the most this page unpacks (CIFAR-10's binary archive is 170 MB): not a dataset archive, or a damaged one`);
  // A true ISIZE sizes the buffer in one go; a false one (truncated file, bomb) only costs a regrowth.
  const hint = await gzipSizeHint(blob);
  const out = new CappedBuffer(hint > 0 && hint <= maxBytes ? hint : blob.size * 4, maxBytes);
  const reader = blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return out.bytes();
      if (!out.push(value)) throw tooBig();
    }
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    if (e instanceof ArchiveError) throw e;
    throw new ArchiveError(`${name}: the gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

/** The regular files of a .tar or .tar.gz (Blob or bytes), unpacked within `maxBytes`. Throws ArchiveError. */
export async function readArchive(src: Blob | Uint8Array, maxBytes: number, name = 'the archive'): Promise<TarEntry[]> {
  const blob = src instanceof Blob ? src : new Blob([src as BlobPart]);
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (isGzip(head)) return readTar(await gunzipCapped(blob, maxBytes, name));
  if (blob.size > maxBytes) throw new ArchiveError(`${name} is ${mb(blob.size)}; at most ${mb(maxBytes)} is read (CIFAR-10's binary archive is 170 MB unpacked)`);
  return readTar(src instanceof Uint8Array ? src : new Uint8Array(await blob.arrayBuffer()));
}
