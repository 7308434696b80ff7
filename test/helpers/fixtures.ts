import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared fixtures live outside the project: the repo root's parent holds `shared/` (here and in CI,
 * where the clone is a sibling of shared/). SHARED_DIR overrides that location.
 */
export function sharedRoot(): string {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return process.env.SHARED_DIR ? path.resolve(process.env.SHARED_DIR) : path.resolve(repoRoot, '../shared');
}

/** Absolute path of ../shared/fixtures; throws a clear message when it is not there. */
export function fixtureRoot(): string {
  const root = path.join(sharedRoot(), 'fixtures');
  if (!existsSync(root)) {
    throw new Error(`fixtures not found at ${root}: the repo root's parent must hold shared/fixtures (set SHARED_DIR to override)`);
  }
  return root;
}

/** Reads `<fixtureRoot>/<relPath>` (e.g. 'resnet18/hf/model.safetensors') as bytes; clear error if missing. */
export function readFixture(relPath: string): Uint8Array {
  const file = path.join(fixtureRoot(), relPath);
  if (!existsSync(file)) throw new Error(`fixture file missing: ${file}`);
  const b = readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Reads and parses a JSON fixture file. */
export function readFixtureJson(relPath: string): unknown {
  return JSON.parse(new TextDecoder().decode(readFixture(relPath)));
}

/** NCHW [n,c,h,w] (the fixtures' PyTorch layout) → NHWC [n,h,w,c] by index arithmetic, no tfjs. */
export function nchwToNhwc(src: Float32Array, [n, c, h, w]: readonly number[]): Float32Array {
  const dst = new Float32Array(src.length);
  for (let a = 0; a < n; a++) for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    dst[((a * h + y) * w + x) * c + ch] = src[((a * c + ch) * h + y) * w + x];
  }
  return dst;
}
