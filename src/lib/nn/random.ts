/**
 * A small seeded pseudo-random generator, so that a model built with the same seed has the same
 * weights in every browser and in Node (Math.random cannot be seeded; tf.randomNormal's seed differs
 * between backends). Plain JS numbers and Float32Arrays only — no tensors.
 */

/** A generator of uniform numbers in [0, 1). */
export interface Rng {
  /** Next uniform sample in [0, 1). */
  next(): number;
  /** Next standard-normal sample (mean 0, std 1). */
  normal(): number;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32, good enough for weight
 * initialisation and much simpler than a Mersenne twister. Normals come from the Box–Muller transform,
 * which turns two uniforms u1, u2 into sqrt(-2 ln u1)·cos(2π u2) (and the matching sin, kept for the next call).
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 - next() lies in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const theta = 2 * Math.PI * next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  return { next, normal };
}

/**
 * `n` samples from N(0, std²) as a Float32Array (caller owns it; no tensors involved). Uses both Box–Muller
 * outputs of each pair of uniforms directly, which is the hot loop of building a model (11.7 M weights).
 */
export function normalArray(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next())) * std;
    const theta = 2 * Math.PI * rng.next();
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}

/** `n` samples from U(-bound, bound) as a Float32Array (caller owns it). */
export function uniformArray(rng: Rng, n: number, bound: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng.next() - 1) * bound;
  return out;
}
