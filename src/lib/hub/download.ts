/**
 * One bounded HTTP download as bytes (no DOM; fetch only): a size cap per file, checked against the announced
 * Content-Length before the body is read and against the bytes as they arrive; an idle timeout for a server
 * that stops answering; and a HubError whose kind and message say which of these (or which other failure)
 * ended it. Memory stays within the cap: an announced body is read into one buffer of its size.
 * Messages are worded in the page's language when the error is made (byte counts stay ungrouped digits).
 */
import { t } from '../i18n/index';

/** What went wrong, for the page to word its message and choose whether "retry" makes sense. */
export type HubErrorKind =
  | 'bad-input' | 'not-found' | 'http' | 'truncated' | 'network' | 'aborted' | 'corrupt' | 'too-large' | 'stalled';

/** Any failure of the hub loader; `message` is written for the learner. */
export class HubError extends Error {
  override name = 'HubError';
  constructor(public kind: HubErrorKind, message: string, public url?: string) {
    super(message);
  }
}

/** Progress of one file: `total` is null when the server sent no Content-Length. */
export interface HubProgress { file: string; loaded: number; total: number | null; fromCache: boolean }

/** How one file may be downloaded. */
export interface DownloadOptions {
  /** Largest body accepted, and what such a file is (for the message, English; translated there): "a model config file". */
  maxBytes: number;
  what: string;
  /** Milliseconds without an answer or a byte before the download is given up as stalled. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (p: HubProgress) => void;
  /** The fetch to use (tests inject one); default the global fetch. */
  fetch?: typeof fetch;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const seconds = (ms: number) => `${ms / 1000} s`;
const STALL = Symbol('stall');

/** `p`, or a rejection with STALL when it has not settled after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(STALL), ms); });
  return Promise.race([p, stall]).finally(() => clearTimeout(timer));
}

function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return !!signal?.aborted || (e instanceof Error && e.name === 'AbortError');
}

/** GETs one URL as at most `opts.maxBytes` bytes, with progress. Rejects with a HubError for every failure. */
export async function fetchBytes(url: string, file: string, opts: DownloadOptions): Promise<Uint8Array> {
  const ctl = new AbortController(); // ours: aborts on the caller's signal and on a stall
  const follow = () => ctl.abort();
  opts.signal?.addEventListener('abort', follow);
  if (opts.signal?.aborted) ctl.abort();
  try {
    const res = await request(url, file, ctl, opts);
    return await readBody(res, url, file, ctl, opts);
  } finally {
    opts.signal?.removeEventListener('abort', follow);
  }
}

async function request(url: string, file: string, ctl: AbortController, opts: DownloadOptions): Promise<Response> {
  let res: Response;
  try {
    res = await within((opts.fetch ?? fetch)(url, { signal: ctl.signal, redirect: 'follow' }), opts.idleTimeoutMs);
  } catch (e) {
    if (e === STALL) {
      ctl.abort();
      throw new HubError('stalled', t('{file}: the server did not answer within {time}; try again later', { file, time: seconds(opts.idleTimeoutMs) }), url);
    }
    if (isAbort(e, opts.signal)) throw new HubError('aborted', t('download of {file} cancelled', { file }), url);
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    const detail = `${(e as Error).message}${cause ? ` (${cause})` : ''}`;
    throw new HubError('network', t('could not download {file} from {host}: the request failed before any answer (offline, blocked, a CORS refusal, or a malformed reply): {detail}', { file, host: new URL(url).host, detail }), url);
  }
  if (res.status === 404 || res.status === 401) {
    throw new HubError('not-found', t('{file} not found (HTTP {status}): check the repo id and revision (private repos need a token)', { file, status: String(res.status) }), url);
  }
  if (!res.ok) throw new HubError('http', t('{file}: the server answered HTTP {status}', { file, status: `${res.status} ${res.statusText}` }), url);
  return res;
}

/** The announced length, and whether it counts encoded bytes (a gzip body decodes to more than it says). */
function announced(res: Response): { total: number | null; encoded: boolean } {
  const header = res.headers.get('content-length');
  const encoding = (res.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  return { total: header !== null && /^\d+$/.test(header) ? Number(header) : null, encoded: encoding !== '' && encoding !== 'identity' };
}

/** Collects the chunks of a body: into one buffer of the announced size, else into a list joined at the end. */
class Sink {
  #buf: Uint8Array | null;
  #chunks: Uint8Array[] = [];
  loaded = 0;
  constructor(size: number | null) { this.#buf = size === null ? null : new Uint8Array(size); }
  add(c: Uint8Array): void {
    if (this.#buf) this.#buf.set(c, this.loaded);
    else this.#chunks.push(c);
    this.loaded += c.byteLength;
  }
  bytes(): Uint8Array {
    if (this.#buf) return this.#buf.subarray(0, this.loaded);
    const out = new Uint8Array(this.loaded);
    let at = 0;
    for (const c of this.#chunks) { out.set(c, at); at += c.byteLength; }
    return out;
  }
}

async function readBody(res: Response, url: string, file: string, ctl: AbortController, opts: DownloadOptions): Promise<Uint8Array> {
  const { total, encoded } = announced(res);
  if (total !== null && total > opts.maxBytes) {
    void res.body?.cancel().catch(() => undefined);
    throw new HubError('too-large', t('{file} is announced as {size}; {what} is at most {max}, so this is not one', { file, size: mb(total), what: t(opts.what), max: mb(opts.maxBytes) }), url);
  }
  // An identity body must be exactly as long as announced; an encoded one only within the cap.
  const limit = total !== null && !encoded ? total : opts.maxBytes;
  const sink = new Sink(total !== null && !encoded ? total : null);
  const report = () => opts.onProgress?.({ file, loaded: sink.loaded, total, fromCache: false });
  report();
  const reader = (res.body ?? new Response(await res.arrayBuffer()).body!).getReader();
  try {
    for (;;) {
      const { done, value } = await within(reader.read(), opts.idleTimeoutMs);
      if (done) break;
      if (sink.loaded + value.byteLength > limit) throw overflow(file, url, limit, total, encoded, sink.loaded + value.byteLength, opts);
      sink.add(value);
      report();
    }
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    ctl.abort();
    throw e instanceof HubError ? e : readFailure(e, file, url, sink.loaded, total, opts);
  }
  if (total !== null && !encoded && sink.loaded < total) {
    throw new HubError('truncated', t('{file} is truncated: received {loaded} of {total} bytes', { file, loaded: String(sink.loaded), total: String(total) }), url);
  }
  return sink.bytes();
}

function overflow(file: string, url: string, limit: number, total: number | null, encoded: boolean, got: number, opts: DownloadOptions): HubError {
  if (total !== null && !encoded) {
    return new HubError('corrupt', t('{file}: the server sent more than the {total} bytes it announced (Content-Length); the download is damaged, try again', { file, total: String(total) }), url);
  }
  return new HubError('too-large', t('{file} is larger than {max}, the most {what} can be ({got} bytes so far); the download was stopped there', { file, max: mb(limit), what: t(opts.what), got: String(got) }), url);
}

function readFailure(e: unknown, file: string, url: string, loaded: number, total: number | null, opts: DownloadOptions): HubError {
  const got = total !== null ? t('{loaded} of {total}', { loaded: String(loaded), total: String(total) }) : String(loaded);
  if (e === STALL) {
    return new HubError('stalled', t('{file}: no data arrived for {time} after {got} bytes; the connection stalled. Try again.', { file, time: seconds(opts.idleTimeoutMs), got }), url);
  }
  if (isAbort(e, opts.signal)) return new HubError('aborted', t('download of {file} cancelled after {got} bytes', { file, got: String(loaded) }), url);
  if (total !== null && loaded < total) {
    return new HubError('truncated', t('{file} is truncated: the connection closed after {got} bytes', { file, got }), url);
  }
  return new HubError('network', t('{file}: the connection failed after {got} bytes ({reason})', { file, got: String(loaded), reason: (e as Error).message }), url);
}
