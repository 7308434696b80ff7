import { describe, it, expect } from 'vitest';
import { splitIndices, stratifiedSplit, trainValTestSplit, studioSplit, MIN_PER_CLASS, type StudioSplit } from '../../src/lib/data/split';
import type { ImageDataset } from '../../src/lib/data/dataset';

/** 2×2 images whose every byte is the image's own index (mod 256), so a subset can be traced back to its sources. */
function tagged(labels: number[], classes: number): ImageDataset {
  const images = new Uint8Array(labels.length * 12);
  labels.forEach((_, i) => images.fill(i % 256, i * 12, (i + 1) * 12));
  return { images, labels: Uint8Array.from(labels), height: 2, width: 2, classNames: Array.from({ length: classes }, (_, c) => `c${c}`) };
}
/** `perClass[c]` images of class c, classes interleaved. */
function labelsOf(perClass: number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < Math.max(...perClass); k++) perClass.forEach((n, c) => { if (k < n) out.push(c); });
  return out;
}
const count = (labels: ArrayLike<number>, idx: number[], c: number) => idx.filter((i) => labels[i] === c).length;

describe('the held-out test split', () => {
  const labels = labelsOf([20, 20, 30, 10]);

  it('is disjoint from train and validation, and the three together are every image once', () => {
    const s = splitIndices(labels, 4, { valFraction: 0.2, testFraction: 0.1 }, 5);
    const all = [...s.train, ...s.val, ...s.test];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    const val = new Set(s.val);
    expect(s.test.filter((i) => val.has(i) || s.train.includes(i))).toEqual([]);
  });

  it('is stratified: each class gives round(n·fraction) to validation and to test', () => {
    const s = splitIndices(labels, 4, { valFraction: 0.2, testFraction: 0.1 }, 5);
    expect([0, 1, 2, 3].map((c) => count(labels, s.val, c))).toEqual([4, 4, 6, 2]);
    expect([0, 1, 2, 3].map((c) => count(labels, s.test, c))).toEqual([2, 2, 3, 1]);
    expect([0, 1, 2, 3].map((c) => count(labels, s.train, c))).toEqual([14, 14, 21, 7]);
  });

  it('is the same for the same seed, another for another seed', () => {
    const f = { valFraction: 0.2, testFraction: 0.1 };
    expect(splitIndices(labels, 4, f, 5)).toEqual(splitIndices(labels, 4, f, 5));
    expect(splitIndices(labels, 4, f, 6).test).not.toEqual(splitIndices(labels, 4, f, 5).test);
  });

  it('takes only training images: the validation set is the one stratifiedSplit gives with the same seed', () => {
    const d = tagged(labels, 4);
    const three = trainValTestSplit(d, 0.2, 0.1, 9);
    const two = stratifiedSplit(d, 0.2, 9);
    expect(three.val.images).toEqual(two.val.images);
    expect(three.val.labels).toEqual(two.val.labels);
    expect(three.train.labels.length + three.test.labels.length).toBe(two.train.labels.length);
    // Every test image is one of stratifiedSplit's training images, with its own pixels and label.
    const trainTags = new Set(Array.from({ length: two.train.labels.length }, (_, i) => two.train.images[i * 12]));
    for (let i = 0; i < three.test.labels.length; i++) {
      const tag = three.test.images[i * 12];
      expect(trainTags.has(tag)).toBe(true);
      expect(three.test.labels[i]).toBe(labels[tag]);
    }
  });

  it('keeps small classes trainable: one test image from 4, none from 3, and never below the training minimum', () => {
    const small = labelsOf([4, 3, 2]);
    const s = splitIndices(small, 3, { valFraction: 0.2, testFraction: 0.1 }, 1);
    expect([0, 1, 2].map((c) => [count(small, s.train, c), count(small, s.val, c), count(small, s.test, c)]))
      .toEqual([[2, 1, 1], [2, 1, 0], [1, 1, 0]]);
    const greedy = splitIndices(labelsOf([5]), 1, { valFraction: 0.2, testFraction: 0.9 }, 1);
    expect(greedy.train.length).toBe(MIN_PER_CLASS.train);
    expect(splitIndices(labels, 4, { valFraction: 0.2, testFraction: 0 }, 5).test).toEqual([]);
  });
});

describe('studioSplit: the studio\'s three splits from a loaded dataset', () => {
  /** The tags (first byte = source index) of a split's images. */
  const tags = (d: ImageDataset) => Array.from({ length: d.labels.length }, (_, i) => d.images[i * 12]);
  const o = { valFraction: 0.2, testFraction: 0.1, maxPerClass: 500, seed: 9 };

  it('without test images of its own: one stratified three-way split, disjoint, every image used once', () => {
    const d = tagged(labelsOf([20, 20, 30, 10]), 4);
    const s = studioSplit(d, null, o) as StudioSplit;
    const all = [...tags(s.train), ...tags(s.val), ...tags(s.test)];
    expect(new Set(all).size).toBe(80);
    expect(s.test.labels.length).toBe(2 + 2 + 3 + 1);
    expect(tags(s.test)).toEqual(tags(trainValTestSplit(d, 0.2, 0.1, 9).test));
  });

  it('with its own test images (CIFAR-10, a test/ folder): those are the test split, validation comes from training', () => {
    const d = tagged(labelsOf([20, 20]), 2);
    const given = tagged(labelsOf([30, 30]), 2);
    given.images = given.images.map((v) => 200 + (v % 50)); // tags 200+ mark the given test images
    const s = studioSplit(d, given, { ...o, maxPerClass: 50 }) as StudioSplit;
    expect(tags(s.test).every((t) => t >= 200)).toBe(true);
    expect(s.test.labels.length).toBe(2 * 10); // at most round(50 · 0.2) per class
    expect([...tags(s.train), ...tags(s.val)].every((t) => t < 200)).toBe(true);
    expect(new Set([...tags(s.train), ...tags(s.val)]).size).toBe(40);
    expect(s.val.labels.length).toBe(8);
  });

  it('when training images are too few to hold validation out, the given test images validate and there is no test split', () => {
    const d = tagged(labelsOf([2, 2]), 2);
    const given = tagged(labelsOf([1, 1]), 2);
    const s = studioSplit(d, given, o) as StudioSplit;
    expect(s.train.labels.length).toBe(4);
    expect(s.val.labels.length).toBe(2);
    expect(s.test.labels.length).toBe(0);
    expect(studioSplit(tagged(labelsOf([1, 1]), 2), null, o)).toHaveProperty('problem');
  });
});
