/**
 * Dropped or picked checkpoint files → one parsed checkpoint (plain data, no tensors): model.safetensors
 * (Hugging Face or torchvision names) with optional config.json (class names) and preprocessor_config.json.
 * Sizes are checked before a byte is read, so a wrong multi-gigabyte file is refused without filling memory.
 */
import type { SafeTensor } from '../nn';
import { parseSafetensorsOffThread } from '../../workers/safetensors';
import { HUB_LIMITS } from '../hub/hub';
import { t } from '../i18n/index';

/** Largest files accepted, in bytes. */
export interface FileLimits { checkpointBytes: number; jsonBytes: number }
/** The hub download's caps (a float32 ResNet-18 is 47 MB, its config.json 70 KB): one rule for both ways in. */
export const FILE_LIMITS: FileLimits = { checkpointBytes: HUB_LIMITS.modelBytes, jsonBytes: HUB_LIMITS.jsonBytes };

/** A checkpoint read from files; `config`/`preprocessor` are undefined when that file was not among them. */
export interface DroppedCheckpoint { name: string; tensors: Map<string, SafeTensor>; config: unknown; preprocessor: unknown }

/** File bytes (FileReader where Blob.arrayBuffer is missing, e.g. older Safari and jsdom). */
export function readBytes(f: Blob): Promise<Uint8Array> {
  if (typeof f.arrayBuffer === 'function') return f.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(new Error(t('the file could not be read')));
    r.readAsArrayBuffer(f);
  });
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

function checkSize(f: File, max: number, what: string): void {
  if (f.size > max) throw new Error(t('{file} is {size}; {what} is at most {max}, so this is not one', { file: f.name, size: mb(f.size), what, max: mb(max) }));
}

async function readJson(f: File | undefined, limits: FileLimits): Promise<unknown> {
  if (!f) return undefined;
  checkSize(f, limits.jsonBytes, t('a model config file'));
  try {
    return JSON.parse(new TextDecoder().decode(await readBytes(f)));
  } catch (e) {
    throw new Error(t('{file} is not valid JSON: {reason}', { file: f.name, reason: (e as Error).message }));
  }
}

/**
 * Sorts the files (the .safetensors; a name with "preprocessor" is the preprocessor config, any other .json the
 * model config), checks their sizes and parses them. Throws an Error whose message names the file at fault.
 */
export async function readDroppedCheckpoint(files: File[], limits: FileLimits = FILE_LIMITS): Promise<DroppedCheckpoint> {
  const st = files.filter((f) => f.name.endsWith('.safetensors'));
  if (st.length === 0) throw new Error(t('Drop a .safetensors checkpoint (with its config.json for class names).'));
  if (st.length > 1) throw new Error(t('Drop one checkpoint at a time (got {files}).', { files: st.map((f) => f.name).join(', ') }));
  const jsons = files.filter((f) => f.name.endsWith('.json'));
  const preprocessor = await readJson(jsons.find((f) => f.name.includes('preprocessor')), limits);
  const config = await readJson(jsons.find((f) => !f.name.includes('preprocessor')), limits);
  const file = st[0];
  checkSize(file, limits.checkpointBytes, t('a ResNet-18 checkpoint'));
  try {
    // parsed in a worker: even within the header caps a hostile header is up to a second of JSON work
    return { name: file.name, tensors: (await parseSafetensorsOffThread(file)).tensors, config, preprocessor };
  } catch (e) {
    throw new Error(`${file.name}: ${(e as Error).message}`);
  }
}
