/**
 * What the browser keeps of downloaded checkpoints (the Cache API store CACHE_NAME that loadFromHub fills): how
 * many bytes, and forgetting them. Fails soft to null where there is no Cache API (Node, insecure pages).
 */
import { CACHE_NAME } from './hub';

/** Files and bytes in the weights cache, or null without a Cache API. */
export interface CacheUsage { files: number; bytes: number }

function storage(): CacheStorage | null {
  return (globalThis as { caches?: CacheStorage }).caches ?? null;
}

/** Counts the cached files and their bytes (each body is read once to measure it, never kept). */
export async function weightsCacheUsage(name = CACHE_NAME): Promise<CacheUsage | null> {
  const cs = storage();
  if (!cs) return null;
  if (!(await cs.has(name))) return { files: 0, bytes: 0 };
  const cache = await cs.open(name);
  let bytes = 0;
  const keys = await cache.keys();
  for (const req of keys) {
    const res = await cache.match(req);
    if (res) bytes += (await res.arrayBuffer()).byteLength;
  }
  return { files: keys.length, bytes };
}

/** Deletes the weights cache; returns what it held (null without a Cache API). The loaded model is not touched. */
export async function forgetCachedWeights(name = CACHE_NAME): Promise<CacheUsage | null> {
  const cs = storage();
  if (!cs) return null;
  const usage = await weightsCacheUsage(name);
  await cs.delete(name);
  return usage;
}
