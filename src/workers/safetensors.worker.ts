/**
 * Parses a safetensors file from the learner off the main thread: even within the 16 MB header and 10,000
 * tensor caps a hostile header costs up to a second of JSON work, and copying 47 MB of payloads is not free.
 * Replies with the tensors (their byte buffers transferred) or the parser's message.
 */
import { parseSafetensors, SafetensorsError } from '../lib/nn';
import type { SafetensorsReply } from './safetensors';

const ctx = self as unknown as { postMessage(m: SafetensorsReply, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<{ file: Blob }>) => void) | null };

ctx.onmessage = async (e) => {
  try {
    const { tensors, metadata } = parseSafetensors(new Uint8Array(await e.data.file.arrayBuffer()));
    const list = [...tensors];
    ctx.postMessage({ ok: true, tensors: list, metadata }, list.map(([, t]) => t.bytes.buffer));
  } catch (err) {
    ctx.postMessage({ ok: false, message: (err as Error).message, parser: err instanceof SafetensorsError }, []);
  }
};
