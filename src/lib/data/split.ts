/**
 * Stratified train/validation split: every class keeps the same fraction in validation, chosen by a seeded
 * shuffle, so the split is reproducible and class balance is preserved.
 */
import type { ImageDataset } from './dataset';
import { subset, classCounts } from './dataset';
import { Rng, permutation } from '../nn';

/** Splits `d` into train and validation with `valFraction` of each class (at least 1 when a class has ≥ 2). */
export function stratifiedSplit(d: ImageDataset, valFraction: number, seed: number): { train: ImageDataset; val: ImageDataset } {
  const byClass: number[][] = d.classNames.map(() => []);
  d.labels.forEach((l, i) => byClass[l].push(i));
  const rng = new Rng(seed);
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  for (const idx of byClass) {
    const p = permutation(idx.length, rng);
    let nVal = Math.round(idx.length * valFraction);
    if (nVal === 0 && idx.length >= 2 && valFraction > 0) nVal = 1;
    for (let i = 0; i < idx.length; i++) (i < nVal ? valIdx : trainIdx).push(idx[p[i]]);
  }
  trainIdx.sort((a, b) => a - b);
  valIdx.sort((a, b) => a - b);
  return { train: subset(d, trainIdx), val: subset(d, valIdx) };
}

/** Balance summary: counts per class and the ratio of the smallest to the largest class (1 = balanced). */
export function classBalance(d: ImageDataset): { counts: number[]; minOverMax: number } {
  const counts = classCounts(d);
  const max = Math.max(...counts);
  return { counts, minOverMax: max === 0 ? 0 : Math.min(...counts) / max };
}

/** At most `perClass` images of each class, first come first kept (the "subset size" control). */
export function limitPerClass(d: ImageDataset, perClass: number): ImageDataset {
  const seen = new Array<number>(d.classNames.length).fill(0);
  const keep: number[] = [];
  d.labels.forEach((l, i) => {
    if (seen[l] < perClass) {
      seen[l] += 1;
      keep.push(i);
    }
  });
  return subset(d, keep);
}
