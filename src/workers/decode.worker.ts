/**
 * Decodes pictures off the main thread (decode.ts: header check, decode already resized, pixels read from an
 * OffscreenCanvas). Serves many requests, each with its own id, so a folder of images needs one worker; pixels
 * come back with their buffer transferred.
 */
import { decodeToFit } from '../lib/image/decode';
import type { DecodeReply, DecodeRequest } from './decode';

const ctx = self as unknown as { postMessage(m: DecodeReply, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<DecodeRequest>) => void) | null };

ctx.onmessage = async (e) => {
  const { id, blob, name, fit } = e.data;
  try {
    const picture = await decodeToFit(blob, name, fit);
    ctx.postMessage({ id, ok: true, picture }, [picture.image.data.buffer]);
  } catch (err) {
    ctx.postMessage({ id, ok: false, message: (err as Error).message }, []);
  }
};
