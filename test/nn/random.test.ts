import { describe, it, expect } from 'vitest';
import { Rng, createRng, mixSeed, permutation, normalArray, uniformArray } from '../../src/lib/nn/random';

/**
 * The two generators as they stood before they became one (the core's createRng in nn/random.ts and the
 * studio's Rng in data/rng.ts), written out again here: seeds saved in runs and used by lessons must keep
 * giving the same numbers, bit for bit.
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** The core's normals: Box–Muller, the sine kept for the next call. */
function pairedNormals(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  const out: number[] = [];
  while (out.length < n) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const th = 2 * Math.PI * u();
    out.push(r * Math.cos(th), r * Math.sin(th));
  }
  return out.slice(0, n);
}
/** The studio's normals: two fresh uniforms per value, the sine discarded. */
function unpairedNormals(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const a = 1 - u();
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  });
}

describe('Rng (one generator for the core, the lessons and the studio)', () => {
  it('gives the uniform stream of mulberry32 for every seed, also through createRng', () => {
    for (const seed of [0, 1, 7, 12345, 0xffffffff, -3]) {
      const ref = mulberry32(seed);
      const a = new Rng(seed);
      const b = createRng(seed);
      for (let i = 0; i < 200; i++) {
        const want = ref();
        expect(a.next()).toBe(want);
        expect(b.next()).toBe(want);
      }
    }
  });

  it('normal() keeps the core\'s paired Box–Muller stream (model init, lesson data)', () => {
    const r = createRng(5);
    expect(Array.from({ length: 31 }, () => r.normal())).toEqual(pairedNormals(5, 31));
  });

  it('normalUnpaired() keeps the studio\'s stream (the synthetic dataset\'s noise table, seed 12345)', () => {
    const r = new Rng(12345);
    expect(Array.from({ length: 1024 }, () => r.normalUnpaired())).toEqual(unpairedNormals(12345, 1024));
  });

  it('uniform and int map the same stream onto [lo, hi) and [0, n)', () => {
    const ref = mulberry32(9);
    const r = new Rng(9);
    for (let i = 0; i < 100; i++) {
      expect(r.uniform(-2, 3)).toBe(-2 + 5 * ref());
      expect(r.int(7)).toBe(Math.floor(ref() * 7));
    }
  });

  it('state is the whole uniform stream: assigning it back continues where it was', () => {
    const a = new Rng(42);
    for (let i = 0; i < 10; i++) a.next();
    const b = new Rng(0);
    b.state = a.state;
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(Array.from({ length: 5 }, () => a.next()));
  });

  it('normalArray uses both halves of each pair, like normal()', () => {
    const std = 0.5;
    expect(Array.from(normalArray(createRng(3), 101, std))).toEqual(pairedNormals(3, 101).map((v) => Math.fround(v * std)));
    const ref = mulberry32(4);
    expect(Array.from(uniformArray(createRng(4), 10, 2))).toEqual(Array.from({ length: 10 }, () => Math.fround((2 * ref() - 1) * 2)));
  });
});

describe('mixSeed and permutation', () => {
  it('permutation is a seeded Fisher–Yates shuffle of 0..n-1', () => {
    const ref = mulberry32(mixSeed(3, 1, 0x5eed));
    const want = Array.from({ length: 50 }, (_, i) => i);
    for (let i = want.length - 1; i > 0; i--) {
      const j = Math.floor(ref() * (i + 1));
      [want[i], want[j]] = [want[j], want[i]];
    }
    expect(Array.from(permutation(50, new Rng(mixSeed(3, 1, 0x5eed))))).toEqual(want);
  });

  it('mixSeed separates (seed, epoch, step) streams and is order-sensitive', () => {
    const seeds = new Set<number>();
    for (let e = 0; e < 10; e++) for (let s = 0; s < 10; s++) seeds.add(mixSeed(1, e, s));
    expect(seeds.size).toBe(100);
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });
});
