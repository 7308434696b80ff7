import { describe, it, expect } from 'vitest';
import { stratifiedSplit, splitProblem, MIN_PER_CLASS } from '../../src/lib/data/split';
import type { ImageDataset } from '../../src/lib/data/dataset';

/** A 2×2 dataset whose labels are given; pixels are irrelevant here. */
const ds = (labels: number[], classNames: string[]): ImageDataset =>
  ({ images: new Uint8Array(labels.length * 12), labels: Uint8Array.from(labels), height: 2, width: 2, classNames });

describe('the minimum per class a run needs', () => {
  it('one image per class gives an empty validation set, which is refused with the reason', () => {
    const { train, val } = stratifiedSplit(ds([0, 1, 2], ['cat', 'dog', 'owl']), 0.2, 7);
    expect(val.labels.length).toBe(0);
    const msg = splitProblem(train, val)!;
    expect(msg).toMatch(/at least 2 training images and 1 validation image/);
    expect(msg).toMatch(/cat \(1 training, 0 validation\), dog \(1 training, 0 validation\), owl \(1 training, 0 validation\)/);
    expect(msg).toMatch(/at least 3 per class/);
  });

  it('a class present only in test/ (no training image) is refused, even though there are two classes', () => {
    const train = ds([0, 0, 0], ['cat', 'dog']);
    const test = ds([0, 1, 1], ['cat', 'dog']);
    expect(splitProblem(train, test)).toMatch(/Too few in dog \(0 training, 2 validation\)\. Add images to that class/);
  });

  it('accepts exactly the minimum, and 3 images per class split 2 + 1 at the studio\'s 20 % validation', () => {
    expect(MIN_PER_CLASS).toEqual({ train: 2, val: 1 });
    const { train, val } = stratifiedSplit(ds([0, 0, 0, 1, 1, 1], ['a', 'b']), 0.2, 7);
    expect([train.labels.length, val.labels.length]).toEqual([4, 2]);
    expect(splitProblem(train, val)).toBeNull();
    expect(splitProblem(ds([0, 0, 1, 1], ['a', 'b']), ds([0], ['a', 'b']))).toMatch(/b \(2 training, 0 validation\)/);
  });

  it('needs two classes, and the same classes on both sides', () => {
    expect(splitProblem(ds([0, 0], ['a']), ds([0], ['a']))).toMatch(/at least two classes/);
    expect(splitProblem(ds([0, 0, 1, 1], ['a', 'b']), ds([0, 1], ['a', 'c']))).toMatch(/same classes/);
  });
});
