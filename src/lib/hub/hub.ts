/**
 * Hugging Face hub loader (no DOM; fetch only): config.json, preprocessor_config.json and
 * model.safetensors of a repo at a revision, from `<base>/<repo>/resolve/<revision>/<file>`.
 * Each file is downloaded by download.ts within a size cap (HUB_LIMITS) and an idle timeout, with a
 * byte-progress callback, cancellable through an AbortSignal; the checkpoint is parsed before it is cached,
 * and verified files are kept in a cache (the Cache API in browsers) so the second visit works offline.
 */
import { parseSafetensors, SafetensorsError, type SafeTensor } from '../nn';
import { fetchBytes, HubError, type HubProgress } from './download';
import { t } from '../i18n/index';

export { fetchBytes, HubError, type HubErrorKind, type HubProgress } from './download';

/** A byte store keyed by URL (the Cache API in browsers; a Map in tests; none in Node by default). */
export interface ByteCache {
  get(url: string): Promise<Uint8Array | null>;
  put(url: string, bytes: Uint8Array): Promise<void>;
}

export interface HubOptions {
  repo: string;
  revision?: string;
  /** Default https://huggingface.co; tests inject a local server (http only for localhost). */
  baseUrl?: string;
  onProgress?: (p: HubProgress) => void;
  signal?: AbortSignal;
  /** undefined → Cache API when the runtime has one; null → no cache. */
  cache?: ByteCache | null;
  /** Give a file up as stalled after this long without an answer or a byte (default HUB_LIMITS.idleTimeoutMs). */
  idleTimeoutMs?: number;
  /** The fetch to use (tests inject one); default the global fetch. */
  fetch?: typeof fetch;
}

/** A downloaded, parsed checkpoint. Plain data: no tensors (weights.loadWeights makes them). */
export interface HubCheckpoint {
  config: unknown;
  preprocessor: unknown;
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
  weightBytes: number;
  fromCache: boolean;
}

export const HUB_BASE = 'https://huggingface.co';
export const DEFAULT_REPO = 'microsoft/resnet-18';
export const CACHE_NAME = 'resnet18-notebook-weights';
const FILES = ['config.json', 'preprocessor_config.json', 'model.safetensors'] as const;

/**
 * Caps per file: microsoft/resnet-18's config.json is 70 KB and its model 46.8 MB (float64 would be 94 MB);
 * an endless or hostile body stops there. 30 s without a byte is a stalled connection.
 */
export const HUB_LIMITS = { jsonBytes: 1_000_000, modelBytes: 200_000_000, idleTimeoutMs: 30_000 } as const;
const CAPS: Record<(typeof FILES)[number], { maxBytes: number; what: string }> = {
  'config.json': { maxBytes: HUB_LIMITS.jsonBytes, what: 'a model config file' },
  'preprocessor_config.json': { maxBytes: HUB_LIMITS.jsonBytes, what: 'a preprocessor config file' },
  'model.safetensors': { maxBytes: HUB_LIMITS.modelBytes, what: 'a ResNet-18 checkpoint' },
};

const REPO_RE = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;
const REV_RE = /^[\w.-]+(\/[\w.-]+)*$/;

/** The resolve URL of one file; throws HubError('bad-input') for a non-https base or a malformed id. */
export function hubUrl(base: string, repo: string, revision: string, file: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new HubError('bad-input', t('"{base}" is not a URL', { base }));
  }
  const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
  if (!(u.protocol === 'https:' || (u.protocol === 'http:' && local))) {
    throw new HubError('bad-input', t('only https:// addresses are allowed (got {scheme}//)', { scheme: u.protocol }));
  }
  if (!REPO_RE.test(repo) || repo.includes('..')) throw new HubError('bad-input', t('"{repo}" is not a repo id like microsoft/resnet-18', { repo }));
  if (!REV_RE.test(revision) || revision.includes('..')) throw new HubError('bad-input', t('"{revision}" is not a revision (branch, tag or commit)', { revision }));
  return `${u.origin}${u.pathname.replace(/\/$/, '')}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
}

function parseJson(bytes: Uint8Array, file: string, url: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new HubError('corrupt', t('{file} is not valid JSON: {reason}', { file, reason: (e as Error).message }), url);
  }
}

/** The Cache API store of verified files, or null where the runtime has none (Node, insecure pages). */
export function cacheApiStore(name = CACHE_NAME): ByteCache | null {
  const cs = (globalThis as { caches?: CacheStorage }).caches;
  if (!cs) return null;
  return {
    async get(url) {
      const hit = await (await cs.open(name)).match(url);
      return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
    },
    async put(url, bytes) {
      await (await cs.open(name)).put(url, new Response(bytes as BlobPart, { headers: { 'content-length': String(bytes.byteLength) } }));
    },
  };
}

/** Cache reads and writes must never break a download (quota, private mode): they fail soft. */
async function tryGet(cache: ByteCache | null, url: string): Promise<Uint8Array | null> {
  try { return cache ? await cache.get(url) : null; } catch { return null; }
}

/**
 * Downloads (or reads from the cache) the three files and parses them. Files are cached only after the
 * whole checkpoint parsed, so a cut or corrupt download is never served again. Rejects with HubError.
 */
export async function loadFromHub(opts: HubOptions): Promise<HubCheckpoint> {
  const rev = opts.revision?.trim() || 'main';
  const base = opts.baseUrl ?? HUB_BASE;
  const cache = opts.cache === undefined ? cacheApiStore() : opts.cache;
  const urls = FILES.map((f) => hubUrl(base, opts.repo.trim(), rev, f));
  const got: Uint8Array[] = [];
  let allCached = true;
  for (let i = 0; i < FILES.length; i++) {
    if (opts.signal?.aborted) throw new HubError('aborted', t('download cancelled'), urls[i]);
    const hit = await tryGet(cache, urls[i]);
    if (hit) {
      opts.onProgress?.({ file: FILES[i], loaded: hit.byteLength, total: hit.byteLength, fromCache: true });
      got.push(hit);
    } else {
      allCached = false;
      const idleTimeoutMs = opts.idleTimeoutMs ?? HUB_LIMITS.idleTimeoutMs;
      got.push(await fetchBytes(urls[i], FILES[i], { ...CAPS[FILES[i]], idleTimeoutMs, signal: opts.signal, onProgress: opts.onProgress, fetch: opts.fetch }));
    }
  }
  const config = parseJson(got[0], FILES[0], urls[0]);
  const preprocessor = parseJson(got[1], FILES[1], urls[1]);
  let parsed: ReturnType<typeof parseSafetensors>;
  try {
    parsed = parseSafetensors(got[2]);
  } catch (e) {
    const why = e instanceof SafetensorsError ? e.message : String(e);
    throw new HubError('corrupt', t('model.safetensors is not a valid checkpoint: {reason}', { reason: why }), urls[2]);
  }
  if (cache && !allCached) {
    try { for (let i = 0; i < FILES.length; i++) await cache.put(urls[i], got[i]); } catch { /* quota: stay uncached */ }
  }
  return { config, preprocessor, tensors: parsed.tensors, metadata: parsed.metadata, weightBytes: got[2].byteLength, fromCache: allCached };
}
