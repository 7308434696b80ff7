/**
 * Teach it words a split that cannot train in its own terms and the page's language: which classes have too few
 * pictures (counted here by hand from the split), fewer than two classes, and nothing when the split trains.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { stratifiedSplit } from '../../../src/lib/data/split';
import type { ImageDataset } from '../../../src/lib/data/dataset';
import { i18n } from '../../../src/lib/i18n/index';
import { teachSplitProblem } from '../../../lessons/teach-it/splitText';

/** 1×1 pictures, `counts[c]` of class c. */
function pictures(names: string[], counts: number[]): ImageDataset {
  const labels = Uint8Array.from(counts.flatMap((n, c) => Array<number>(n).fill(c)));
  return { images: new Uint8Array(labels.length * 3), labels, width: 1, height: 1, classNames: names };
}
const problem = (names: string[], counts: number[]) => {
  const { train, val } = stratifiedSplit(pictures(names, counts), 0.25, 1);
  return teachSplitProblem(train, val);
};

afterEach(() => { i18n.current = 'en'; });

describe('the split problem, worded for Teach it', () => {
  it('names the classes under 3 pictures (2 to train on + 1 held out) with their counts', () => {
    // 2 pictures: round(2 · 0.25) = 1 held out leaves 1 to train on; 3 leave 2 — enough.
    expect(problem(['red', 'blue', 'green'], [3, 2, 0])).toBe(
      'Every class needs at least 3 pictures (a quarter of each class is held out to check the result); too few in blue (2) and green (0).');
    i18n.current = 'zh';
    expect(problem(['red', 'blue', 'green'], [3, 2, 0])).toBe(
      '每个类别至少需要 3 张图片（每个类别有四分之一留出来检验结果）；图片太少的类别：blue（2 张）和green（0 张）。');
  });

  it('asks for two classes, and says nothing when every class can train', () => {
    expect(problem(['only'], [10])).toBe('Teaching needs at least two classes.');
    expect(problem(['a', 'b'], [3, 12])).toBeNull();
  });
});
