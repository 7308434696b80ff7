/**
 * The weights cache's size and its removal, against a stand-in CacheStorage (a Map of Maps of byte arrays) holding
 * the three fixture-sized files; without a Cache API both answer null.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { weightsCacheUsage, forgetCachedWeights } from '../../src/lib/hub/weightsCache';
import { CACHE_NAME } from '../../src/lib/hub/hub';

function fakeCaches(stores: Map<string, Map<string, Uint8Array>>): CacheStorage {
  const open = async (name: string) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const s = stores.get(name)!;
    return {
      keys: async () => [...s.keys()].map((u) => new Request(u)),
      match: async (r: Request | string) => {
        const b = s.get(typeof r === 'string' ? r : r.url);
        return b ? new Response(b as BlobPart) : undefined;
      },
    } as unknown as Cache;
  };
  return { open, has: async (n: string) => stores.has(n), delete: async (n: string) => stores.delete(n) } as unknown as CacheStorage;
}

afterEach(() => { delete (globalThis as { caches?: CacheStorage }).caches; });

describe('weights cache', () => {
  it('measures the cached files and frees them all', async () => {
    const base = 'https://huggingface.co/microsoft/resnet-18/resolve/main/';
    const sizes = { 'config.json': 69_721, 'preprocessor_config.json': 410, 'model.safetensors': 1_000_003 };
    const stores = new Map([[CACHE_NAME, new Map(Object.entries(sizes).map(([f, n]) => [base + f, new Uint8Array(n)]))], ['other', new Map()]]);
    (globalThis as { caches?: CacheStorage }).caches = fakeCaches(stores);
    expect(await weightsCacheUsage()).toEqual({ files: 3, bytes: 69_721 + 410 + 1_000_003 });
    expect(await forgetCachedWeights()).toEqual({ files: 3, bytes: 1_070_134 });
    expect(stores.has(CACHE_NAME)).toBe(false);
    expect(stores.has('other')).toBe(true);
    expect(await weightsCacheUsage()).toEqual({ files: 0, bytes: 0 });
  });

  it('answers null where there is no Cache API', async () => {
    expect(await weightsCacheUsage()).toBeNull();
    expect(await forgetCachedWeights()).toBeNull();
  });
});
