import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFromHub, hubUrl, HubError, type ByteCache } from '../../src/lib/hub/hub';

const HF = path.resolve(__dirname, '../../../shared/fixtures/resnet18/hf');
const files: Record<string, Buffer> = {
  'config.json': readFileSync(path.join(HF, 'config.json')),
  'preprocessor_config.json': readFileSync(path.join(HF, 'preprocessor_config.json')),
  'model.safetensors': readFileSync(path.join(HF, 'model.safetensors')),
};

/** A static server with the hub's layout: /<owner>/<name>/resolve/<rev>/<file>, plus broken repos. */
let server: http.Server;
let base = '';
const hits: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url!);
    const m = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(req.url!);
    const repo = m ? `${m[1]}/${m[2]}` : '';
    const known = repo === 'microsoft/resnet-18' || repo.startsWith('test/');
    const body = m && known && m[3] === 'main' ? files[m[4]] : undefined;
    if (!m || !body) { res.writeHead(404).end('Entry not found'); return; }
    if (repo === 'test/cut' && m[4] === 'model.safetensors') {
      // Promise the whole file, send a third, then drop the connection.
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 3)), () => res.destroy());
      return;
    }
    if (repo === 'test/slow' && m[4] === 'model.safetensors') {
      res.writeHead(200, { 'content-length': body.length });
      let at = 0;
      const tick = setInterval(() => {
        if (res.destroyed || at >= body.length) { clearInterval(tick); return; }
        res.write(body.subarray(at, at + 4096)); at += 4096;
      }, 20);
      res.on('close', () => clearInterval(tick));
      return;
    }
    if (repo === 'test/garbage' && m[4] === 'model.safetensors') {
      res.writeHead(200, { 'content-length': 64 }).end(Buffer.alloc(64, 7)); return;
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

async function failure(p: Promise<unknown>): Promise<HubError> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(HubError); return e as HubError; }
  throw new Error('expected a HubError');
}

describe('hub loader against a local server with the hub URL layout', () => {
  it('builds resolve URLs and refuses non-https schemes and odd ids', () => {
    expect(hubUrl('https://huggingface.co', 'microsoft/resnet-18', 'main', 'config.json'))
      .toBe('https://huggingface.co/microsoft/resnet-18/resolve/main/config.json');
    for (const b of ['http://huggingface.co', 'ftp://x.org', 'file:///etc', 'javascript:alert(1)']) {
      expect(() => hubUrl(b, 'a/b', 'main', 'x')).toThrow(/https/);
    }
    expect(() => hubUrl('https://h.co', '../etc', 'main', 'x')).toThrow(HubError);
    expect(() => hubUrl('https://h.co', 'a/b', 'x/../../y', 'x')).toThrow(HubError);
  });

  it('downloads, reports byte progress, parses, and serves the second visit from the cache', async () => {
    const store = new Map<string, Uint8Array>();
    const cache: ByteCache = { get: async (u) => store.get(u) ?? null, put: async (u, b) => void store.set(u, b) };
    const seen: number[] = [];
    const ck = await loadFromHub({ repo: 'microsoft/resnet-18', baseUrl: base, cache,
      onProgress: (p) => { if (p.file === 'model.safetensors') seen.push(p.loaded); } });
    expect(ck.fromCache).toBe(false);
    expect(ck.weightBytes).toBe(files['model.safetensors'].length);
    expect(seen.at(-1)).toBe(files['model.safetensors'].length);
    expect(seen.length).toBeGreaterThan(2);
    expect(ck.tensors.get('classifier.1.weight')?.shape).toEqual([1000, 512]);
    expect((ck.config as { id2label: Record<string, string> }).id2label['134']).toBe('crane');
    expect((ck.preprocessor as { crop_pct: number }).crop_pct).toBe(0.875);
    const before = hits.length;
    const again = await loadFromHub({ repo: 'microsoft/resnet-18', baseUrl: base, cache });
    expect(again.fromCache).toBe(true);
    expect(hits.length).toBe(before); // offline: no request reached the server
    expect(again.tensors.size).toBe(ck.tensors.size);
  });

  it('says "not found" for a 404 (wrong repo or revision)', async () => {
    const e = await failure(loadFromHub({ repo: 'nobody/nothing', baseUrl: base, cache: null }));
    expect(e.kind).toBe('not-found');
    expect(e.message).toMatch(/config\.json not found \(HTTP 404\)/);
    expect((await failure(loadFromHub({ repo: 'microsoft/resnet-18', revision: 'v9', baseUrl: base, cache: null }))).kind).toBe('not-found');
  });

  it('says "truncated" when the body is shorter than Content-Length, and caches nothing', async () => {
    const store = new Map<string, Uint8Array>();
    const cache: ByteCache = { get: async (u) => store.get(u) ?? null, put: async (u, b) => void store.set(u, b) };
    const e = await failure(loadFromHub({ repo: 'test/cut', baseUrl: base, cache }));
    expect(e.kind).toBe('truncated');
    expect(e.message).toMatch(/truncated/);
    expect(store.size).toBe(0);
  });

  it('surfaces the safetensors parser error for a corrupt file', async () => {
    const e = await failure(loadFromHub({ repo: 'test/garbage', baseUrl: base, cache: null }));
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/model\.safetensors is not a valid checkpoint: .*header/);
  });

  it('cancels a slow download through the AbortSignal', async () => {
    const ctl = new AbortController();
    let last = 0;
    const p = loadFromHub({ repo: 'test/slow', baseUrl: base, cache: null, signal: ctl.signal,
      onProgress: (pr) => { if (pr.file === 'model.safetensors') { last = pr.loaded; if (pr.loaded > 20_000) ctl.abort(); } } });
    const e = await failure(p);
    expect(e.kind).toBe('aborted');
    expect(last).toBeLessThan(files['model.safetensors'].length);
  });

  it('says "network" when nothing listens', async () => {
    const e = await failure(loadFromHub({ repo: 'a/b', baseUrl: 'http://127.0.0.1:9', cache: null }));
    expect(e.kind).toBe('network');
  });
});
