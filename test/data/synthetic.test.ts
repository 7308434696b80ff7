import { describe, it, expect } from 'vitest';
import { makeSyntheticDataset, drawSyntheticEpoch, SYNTHETIC_CLASSES } from '../../src/lib/data/synthetic';
import { classCounts, channelStats } from '../../src/lib/data/dataset';
import { stratifiedSplit, classBalance, limitPerClass } from '../../src/lib/data/split';
import type { ImageDataset } from '../../src/lib/data/dataset';

describe('synthetic dataset', () => {
  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    const a = makeSyntheticDataset({ perClass: 20, seed: 7 });
    const b = makeSyntheticDataset({ perClass: 20, seed: 7 });
    const c = makeSyntheticDataset({ perClass: 20, seed: 8 });
    expect(Buffer.from(a.images).equals(Buffer.from(b.images))).toBe(true);
    expect(Buffer.from(a.labels).equals(Buffer.from(b.labels))).toBe(true);
    let differ = 0;
    for (let i = 0; i < a.images.length; i++) if (a.images[i] !== c.images[i]) differ++;
    expect(differ / a.images.length).toBeGreaterThan(0.5);
  });

  it('is balanced, NHWC 32×32×3, and uses the whole intensity range', () => {
    const d = makeSyntheticDataset({ perClass: 30, seed: 1 });
    expect(d.images.length).toBe(300 * 32 * 32 * 3);
    expect(classCounts(d)).toEqual(new Array(10).fill(30));
    expect(d.classNames).toEqual([...SYNTHETIC_CLASSES]);
    const { mean, std } = channelStats(d);
    for (const m of mean) expect(m).toBeGreaterThan(0.3);
    for (const s of std) expect(s).toBeGreaterThan(0.15);
  });

  it('images of one class are not identical (random placement, colour and noise)', () => {
    const d = makeSyntheticDataset({ perClass: 3, seed: 2 });
    const px = 32 * 32 * 3;
    const first = d.images.subarray(0, px);
    const again = d.images.subarray(10 * px, 11 * px); // next image of class 0
    let diff = 0;
    for (let i = 0; i < px; i++) diff += Math.abs(first[i] - again[i]);
    expect(diff / px).toBeGreaterThan(20);
  });
});

describe('split', () => {
  it('keeps the class balance in a stratified split and is reproducible', () => {
    const d = makeSyntheticDataset({ perClass: 20, seed: 4 });
    const s1 = stratifiedSplit(d, 0.2, 9);
    const s2 = stratifiedSplit(d, 0.2, 9);
    expect(classCounts(s1.val)).toEqual(new Array(10).fill(4));
    expect(classCounts(s1.train)).toEqual(new Array(10).fill(16));
    expect(Buffer.from(s1.val.images).equals(Buffer.from(s2.val.images))).toBe(true);
    expect(classBalance(s1.train).minOverMax).toBe(1);
    const lim = limitPerClass(d, 5);
    expect(classCounts(lim)).toEqual(new Array(10).fill(5));
  });
});

describe('fresh synthetic draws per epoch', () => {
  const base = stratifiedSplit(makeSyntheticDataset({ perClass: 10, seed: 4 }), 0.2, 7).train;

  it('are the same bytes for the same (dataset seed, epoch) and differ between epochs and from the split', () => {
    const a = drawSyntheticEpoch(base, 3, 50), b = drawSyntheticEpoch(base, 3, 50), c = drawSyntheticEpoch(base, 4, 50);
    expect(Buffer.from(a.images).equals(Buffer.from(b.images))).toBe(true);
    expect(Buffer.from(a.labels).equals(Buffer.from(b.labels))).toBe(true);
    let differ = 0;
    for (let i = 0; i < a.images.length; i++) if (a.images[i] !== c.images[i]) differ++;
    expect(differ / a.images.length).toBeGreaterThan(0.5);
    const px = 32 * 32 * 3;
    const all = makeSyntheticDataset({ perClass: 10, seed: 4 });
    for (let i = 0; i < 50; i++) {
      for (let j = 0; j < 100; j++) expect(Buffer.from(a.images.subarray(i * px, (i + 1) * px)).equals(Buffer.from(all.images.subarray(j * px, (j + 1) * px)))).toBe(false);
    }
  });

  it('keep the image size, noise and classes of the split, balanced, and carry the generator that made them', () => {
    const small = makeSyntheticDataset({ perClass: 2, seed: 5, size: 16, noise: 0.02 });
    const d = drawSyntheticEpoch(small, 0, 37);
    expect([d.height, d.width, d.labels.length]).toEqual([16, 16, 30]);
    expect(classCounts(d)).toEqual(new Array(10).fill(3));
    expect(d.source).toMatchObject({ kind: 'synthetic', noise: 0.02 });
    expect(small.source).toEqual({ kind: 'synthetic', seed: 5, noise: 0.02 });
    expect(base.source).toEqual({ kind: 'synthetic', seed: 4, noise: 0.08 });
  });

  it('refuse a dataset that is not the built-in one', () => {
    const { source, ...plain } = base;
    expect(source).toBeDefined();
    expect(() => drawSyntheticEpoch(plain, 0, 10)).toThrow(/built-in synthetic/);
  });
});

describe('limitPerClass', () => {
  it('keeps the first k of each class in order', () => {
    const d: ImageDataset = { images: new Uint8Array(6 * 3), labels: Uint8Array.from([0, 1, 0, 0, 1, 1]), height: 1, width: 1, classNames: ['a', 'b'] };
    d.images.forEach((_, i) => { d.images[i] = i; });
    const k = limitPerClass(d, 2);
    expect(Array.from(k.labels)).toEqual([0, 1, 0, 1]);
    expect(Array.from(k.images)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14]);
  });
});
