/**
 * Hub downloads against a fake fetch whose bodies are endless, stalled, oversized or longer than announced:
 * each ends with its own plain-words HubError, and memory stays bounded (measured with process.memoryUsage).
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { loadFromHub, HubError } from '../../src/lib/hub/hub';

const JSON_CAP = 1_000_000;
const CHUNK = new Uint8Array(65536).fill(0x20); // one buffer re-sent, so only the loader's own copies cost memory

/** A body of `total` bytes (Infinity: endless) in 64 KB chunks, counting how many chunks were pulled. */
function body(total: number, pulls = { n: 0 }): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      pulls.n++;
      if (sent >= total) { c.close(); return; }
      const n = Math.min(CHUNK.length, total - sent);
      sent += n;
      c.enqueue(CHUNK.subarray(0, n));
    },
  }, { highWaterMark: 0 });
}

/** A body that sends `first` bytes, then nothing ever again. */
function stalledBody(first: number): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(c) {
      if (!sent) { sent = true; c.enqueue(new Uint8Array(first)); return; }
      return new Promise<void>(() => undefined);
    },
  }, { highWaterMark: 0 });
}

type Reply = () => Response | Promise<Response>;
/** Installs a fake fetch answering config.json / preprocessor_config.json / model.safetensors. */
function fakeHub(files: Partial<Record<'config.json' | 'preprocessor_config.json' | 'model.safetensors', Reply>>): void {
  const ok = () => new Response('{}', { headers: { 'content-length': '2' } });
  vi.stubGlobal('fetch', async (url: string) => {
    const f = url.split('/').pop() as keyof typeof files;
    return (files[f] ?? ok)();
  });
}
afterEach(() => { vi.unstubAllGlobals(); });

async function failure(p: Promise<unknown>): Promise<HubError> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(HubError); return e as HubError; }
  throw new Error('expected a HubError');
}

/** Peak growth of ArrayBuffer memory while `run` is pending, sampled every 2 ms. */
async function peakArrayBuffers(run: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().arrayBuffers); }, 2);
  try { await run(); } finally { clearInterval(t); }
  return Math.max(peak, process.memoryUsage().arrayBuffers) - base;
}

const hub = { repo: 'microsoft/resnet-18', cache: null, idleTimeoutMs: 300 } as const;

describe('hub downloads are bounded and every failure says what happened', { timeout: 20_000 }, () => {
  it('an endless config.json stops at the 1 MB cap with "too large", holding about 1 MB', async () => {
    const pulls = { n: 0 };
    // 64 MB stands in for endless: enough to show the cap, finite so a loader without one still ends
    fakeHub({ 'config.json': () => new Response(body(64e6, pulls)) });
    let e!: HubError;
    const grew = await peakArrayBuffers(async () => { e = await failure(loadFromHub(hub)); });
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(/config\.json is larger than 1\.0 MB, the most a model config file can be \(1048576 bytes so far\); the download was stopped there/);
    expect(pulls.n * CHUNK.length).toBeLessThan(JSON_CAP + 3 * CHUNK.length);
    expect(grew).toBeLessThan(8e6);
  });

  it('a file announced larger than its cap is refused before its body is read', async () => {
    const pulls = { n: 0 };
    fakeHub({ 'config.json': () => new Response(body(Infinity, pulls), { headers: { 'content-length': '15600000000' } }) });
    const e = await failure(loadFromHub(hub));
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(/config\.json is announced as 15600\.0 MB; a model config file is at most 1\.0 MB/);
    expect(pulls.n).toBeLessThanOrEqual(1);
    fakeHub({ 'model.safetensors': () => new Response(body(Infinity), { headers: { 'content-length': '300000000' } }) });
    expect((await failure(loadFromHub(hub))).message).toMatch(/model\.safetensors is announced as 300\.0 MB; a ResNet-18 checkpoint is at most 200\.0 MB/);
  });

  it('a model body with no Content-Length stops at 200 MB', async () => {
    fakeHub({ 'model.safetensors': () => new Response(body(201e6)) });
    let e!: HubError;
    const grew = await peakArrayBuffers(async () => { e = await failure(loadFromHub(hub)); });
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(/model\.safetensors is larger than 200\.0 MB/);
    expect(grew).toBeLessThan(260e6);
  });

  it('a body longer than its Content-Length is named as such, not as a network problem', async () => {
    const json = '{"id2label":{"0":"a","1":"b"},"padding":"' + ' '.repeat(100) + '"}';
    fakeHub({ 'config.json': () => new Response(json, { headers: { 'content-length': '40' } }) });
    const e = await failure(loadFromHub(hub));
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/config\.json: the server sent more than the 40 bytes it announced \(Content-Length\)/);
    // a gzip-encoded body decodes to more than the encoded length the header counts: that is fine
    fakeHub({ 'config.json': () => new Response(json, { headers: { 'content-length': '40', 'content-encoding': 'gzip' } }) });
    const e2 = await failure(loadFromHub(hub));
    expect(e2.message).not.toMatch(/config\.json/); // got past config.json (then the default empty files fail later)
  });

  it('a body that stops arriving ends with "stalled" after the idle timeout', async () => {
    fakeHub({ 'model.safetensors': () => new Response(stalledBody(5000), { headers: { 'content-length': '47000000' } }) });
    const e = await failure(loadFromHub(hub));
    expect(e.kind).toBe('stalled');
    expect(e.message).toMatch(/model\.safetensors: no data arrived for 0\.3 s after 5000 of 47000000 bytes; the connection stalled/);
  }, 10_000);

  it('a server that never answers ends with "stalled", and the request is aborted', async () => {
    let aborted = false;
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => new Promise<Response>(() => {
      init.signal?.addEventListener('abort', () => { aborted = true; });
    }));
    const e = await failure(loadFromHub(hub));
    expect(e.kind).toBe('stalled');
    expect(e.message).toMatch(/config\.json: the server did not answer within 0\.3 s/);
    expect(aborted).toBe(true);
  }, 10_000);

  it('cancelling still says "cancelled", and a cut still says "truncated"', async () => {
    const ctl = new AbortController();
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => new Promise<Response>((_, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }));
    const p = loadFromHub({ ...hub, idleTimeoutMs: 5000, signal: ctl.signal });
    setTimeout(() => ctl.abort(), 20);
    expect((await failure(p)).kind).toBe('aborted');
    fakeHub({ 'config.json': () => new Response('{"a":1}', { headers: { 'content-length': '100' } }) });
    expect((await failure(loadFromHub(hub))).message).toMatch(/config\.json is truncated: received 7 of 100 bytes/);
  }, 10_000);
});
