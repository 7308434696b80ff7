/**
 * The one seeded pseudo-random generator of the notebook: model initialisation, lesson data, and everything
 * the studio draws at random (synthetic dataset, split, shuffles, augmentation). Math.random cannot be seeded
 * and tf.randomNormal's seed differs between backends, so the same seed must give the same numbers in every
 * browser, in the workers and in Node. Plain JS numbers and Float32Arrays only — no tensors.
 */

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32, good enough for weight
 * initialisation and much simpler than a Mersenne twister. `state` is the whole uniform stream (save it,
 * assign it back to continue). Normals come from the Box–Muller transform, which turns two uniforms u1, u2
 * into sqrt(-2 ln u1)·cos(2π u2) and the matching sin.
 */
export class Rng {
  /** The mulberry32 state. A sine partner held back by normal() is not part of it. */
  state: number;
  #spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (mean 0, std 1): the cosine of a Box–Muller pair, its sine kept for the next call. */
  normal(): number {
    if (this.#spare !== null) {
      const s = this.#spare;
      this.#spare = null;
      return s;
    }
    // 1 - next() lies in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.#spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Standard normal from two fresh uniforms, the sine discarded. The synthetic dataset's noise table was drawn
   * this way (before the studio's generator and the core's were one), so its seeds keep giving the same images.
   */
  normalUnpaired(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** A generator seeded with `seed` (same stream as `new Rng(seed)`). */
export function createRng(seed: number): Rng {
  return new Rng(seed);
}

/** Mixes integers into one 32-bit seed (so a stream for (seed, epoch, step) is reproducible after a resume). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return h >>> 0;
}

/** Fisher–Yates shuffle of 0..n-1 with the given generator; returns a new Int32Array (caller owns it). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
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
