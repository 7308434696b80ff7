/**
 * Hugging Face hub loader (no DOM; fetch only): config.json, preprocessor_config.json and
 * model.safetensors of a repo at a revision, from `<base>/<repo>/resolve/<revision>/<file>`.
 * Streams the body with a byte-progress callback, cancels through an AbortSignal, verifies the length
 * against Content-Length, parses the checkpoint before caching it, and keeps verified files in a cache
 * (the Cache API in browsers) so the second visit works offline.
 */
import { parseSafetensors, SafetensorsError, type SafeTensor } from '../nn';

/** What went wrong, for the page to word its message and choose whether "retry" makes sense. */
export type HubErrorKind = 'bad-input' | 'not-found' | 'http' | 'truncated' | 'network' | 'aborted' | 'corrupt';

/** Any failure of the hub loader; `message` is written for the learner. */
export class HubError extends Error {
  override name = 'HubError';
  constructor(public kind: HubErrorKind, message: string, public url?: string) {
    super(message);
  }
}

/** A byte store keyed by URL (the Cache API in browsers; a Map in tests; none in Node by default). */
export interface ByteCache {
  get(url: string): Promise<Uint8Array | null>;
  put(url: string, bytes: Uint8Array): Promise<void>;
}

/** Progress of one file: `total` is null when the server sent no Content-Length. */
export interface HubProgress { file: string; loaded: number; total: number | null; fromCache: boolean }

export interface HubOptions {
  repo: string;
  revision?: string;
  /** Default https://huggingface.co; tests inject a local server (http only for localhost). */
  baseUrl?: string;
  onProgress?: (p: HubProgress) => void;
  signal?: AbortSignal;
  /** undefined → Cache API when the runtime has one; null → no cache. */
  cache?: ByteCache | null;
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

const REPO_RE = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;
const REV_RE = /^[\w.-]+(\/[\w.-]+)*$/;

/** The resolve URL of one file; throws HubError('bad-input') for a non-https base or a malformed id. */
export function hubUrl(base: string, repo: string, revision: string, file: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new HubError('bad-input', `"${base}" is not a URL`);
  }
  const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
  if (!(u.protocol === 'https:' || (u.protocol === 'http:' && local))) {
    throw new HubError('bad-input', `only https:// addresses are allowed (got ${u.protocol}//)`);
  }
  if (!REPO_RE.test(repo) || repo.includes('..')) throw new HubError('bad-input', `"${repo}" is not a repo id like microsoft/resnet-18`);
  if (!REV_RE.test(revision) || revision.includes('..')) throw new HubError('bad-input', `"${revision}" is not a revision (branch, tag or commit)`);
  return `${u.origin}${u.pathname.replace(/\/$/, '')}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
}

function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return !!signal?.aborted || (e instanceof Error && e.name === 'AbortError');
}

/** GETs one URL as bytes, streaming with progress. Rejects with a HubError for every failure. */
export async function fetchBytes(url: string, file: string, opts: Pick<HubOptions, 'signal' | 'onProgress'> = {}): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal, redirect: 'follow' });
  } catch (e) {
    if (isAbort(e, opts.signal)) throw new HubError('aborted', `download of ${file} cancelled`, url);
    throw new HubError('network', `could not reach ${new URL(url).host} for ${file} (offline, blocked, or CORS): ${(e as Error).message}`, url);
  }
  if (res.status === 404 || res.status === 401) {
    throw new HubError('not-found', `${file} not found (HTTP ${res.status}): check the repo id and revision (private repos need a token)`, url);
  }
  if (!res.ok) throw new HubError('http', `${file}: the server answered HTTP ${res.status} ${res.statusText}`, url);
  const header = res.headers.get('content-length');
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  const bytes = await readBody(res, url, file, total, opts);
  // A gzip-encoded body decodes to more bytes than Content-Length counts; fewer bytes is always a cut.
  if (total !== null && bytes.byteLength < total) {
    throw new HubError('truncated', `${file} is truncated: received ${bytes.byteLength} of ${total} bytes`, url);
  }
  return bytes;
}

async function readBody(res: Response, url: string, file: string, total: number | null,
  opts: Pick<HubOptions, 'signal' | 'onProgress'>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const report = () => opts.onProgress?.({ file, loaded, total, fromCache: false });
  report();
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      report();
    }
  } catch (e) {
    if (isAbort(e, opts.signal)) throw new HubError('aborted', `download of ${file} cancelled after ${loaded} bytes`, url);
    if (total !== null && loaded < total) {
      throw new HubError('truncated', `${file} is truncated: the connection closed after ${loaded} of ${total} bytes`, url);
    }
    throw new HubError('network', `${file}: the connection failed after ${loaded} bytes (${(e as Error).message})`, url);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

function parseJson(bytes: Uint8Array, file: string, url: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new HubError('corrupt', `${file} is not valid JSON: ${(e as Error).message}`, url);
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
    if (opts.signal?.aborted) throw new HubError('aborted', 'download cancelled', urls[i]);
    const hit = await tryGet(cache, urls[i]);
    if (hit) {
      opts.onProgress?.({ file: FILES[i], loaded: hit.byteLength, total: hit.byteLength, fromCache: true });
      got.push(hit);
    } else {
      allCached = false;
      got.push(await fetchBytes(urls[i], FILES[i], opts));
    }
  }
  const config = parseJson(got[0], FILES[0], urls[0]);
  const preprocessor = parseJson(got[1], FILES[1], urls[1]);
  let parsed: ReturnType<typeof parseSafetensors>;
  try {
    parsed = parseSafetensors(got[2]);
  } catch (e) {
    const why = e instanceof SafetensorsError ? e.message : String(e);
    throw new HubError('corrupt', `model.safetensors is not a valid checkpoint: ${why}`, urls[2]);
  }
  if (cache && !allCached) {
    try { for (let i = 0; i < FILES.length; i++) await cache.put(urls[i], got[i]); } catch { /* quota: stay uncached */ }
  }
  return { config, preprocessor, tensors: parsed.tensors, metadata: parsed.metadata, weightBytes: got[2].byteLength, fromCache: allCached };
}
