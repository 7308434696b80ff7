/**
 * The page's side of decode.worker.ts: pictures decoded (and resized) in a worker, so a 60-megapixel photo
 * or a folder of them never freezes the page. One worker serves many requests, each with its own id and
 * resolver; close() ends it. Where workers or OffscreenCanvas are missing (jsdom, old browsers) `available`
 * is false and callers decode on the page as before.
 */
import type { DecodedPicture, Fit } from '../lib/image/decode';

/** One picture to decode: its bytes (a File or Blob), its name for messages, and the size to fit. */
export interface DecodeRequest { id: number; blob: Blob; name: string; fit: Fit }
/** The decoded pixels, or why not (plain words). */
export type DecodeReply = { id: number; ok: true; picture: DecodedPicture } | { id: number; ok: false; message: string };

export class PictureDecoder {
  /** True where a decode worker can run (Worker and OffscreenCanvas both exist). */
  static get available(): boolean {
    return typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined';
  }

  #worker: Worker | null = null;
  #next = 0;
  #pending = new Map<number, { resolve: (p: DecodedPicture) => void; reject: (e: Error) => void }>();

  /** Decodes `blob` fitted to `fit` in the worker; rejects with an Error in plain words. */
  decode(blob: Blob, name: string, fit: Fit): Promise<DecodedPicture> {
    const w = this.#start();
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ id, blob, name, fit } satisfies DecodeRequest);
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const w = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<DecodeReply>) => {
      const p = this.#pending.get(e.data.id);
      this.#pending.delete(e.data.id);
      if (e.data.ok) p?.resolve(e.data.picture);
      else p?.reject(new Error(e.data.message));
    };
    // A worker that dies (out of memory) fails what it was doing; the next request starts a new one.
    w.onerror = (e) => { e.preventDefault?.(); this.#fail(`the picture decoder stopped (${e.message || 'out of memory?'})`); };
    this.#worker = w;
    return w;
  }

  #fail(message: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const p of this.#pending.values()) p.reject(new Error(message));
    this.#pending.clear();
  }

  /** Ends the worker; requests still pending are rejected. */
  close(): void {
    this.#fail('the picture decoder was closed');
  }
}

/** Decodes one picture in a short-lived worker (see PictureDecoder). */
export async function decodeOffThread(blob: Blob, name: string, fit: Fit): Promise<DecodedPicture> {
  const d = new PictureDecoder();
  try { return await d.decode(blob, name, fit); } finally { d.close(); }
}
