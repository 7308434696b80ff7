/**
 * The page's side of safetensors.worker.ts: a checkpoint file from the learner parsed in a short-lived worker.
 * Parses on the calling thread where workers are unavailable (jsdom, Node).
 */
import { parseSafetensors, SafetensorsError, type SafeTensor } from '../lib/nn';
import { askWorker } from './oneShot';

/** The parsed file (each tensor owns its bytes), or the parser's message and whether it was a SafetensorsError. */
export type SafetensorsReply =
  | { ok: true; tensors: [string, SafeTensor][]; metadata: Record<string, string> }
  | { ok: false; message: string; parser: boolean };

/** parseSafetensors of a File or Blob, in a worker; throws SafetensorsError (bad file) or Error (worker failed). */
export async function parseSafetensorsOffThread(file: Blob): Promise<{ tensors: Map<string, SafeTensor>; metadata: Record<string, string> }> {
  if (typeof Worker === 'undefined') return parseSafetensors(new Uint8Array(await file.arrayBuffer()));
  const r = await askWorker<SafetensorsReply>(() => new Worker(new URL('./safetensors.worker.ts', import.meta.url), { type: 'module' }), { file }, { what: 'The checkpoint reader' });
  if (!r.ok) throw r.parser ? new SafetensorsError(r.message) : new Error(r.message);
  return { tensors: new Map(r.tensors), metadata: r.metadata };
}
