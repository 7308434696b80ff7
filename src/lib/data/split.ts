/**
 * Stratified train/validation(/test) splits: every class keeps the same fraction in each, chosen by a seeded
 * shuffle, so the split is reproducible and class balance is preserved.
 */
import type { ImageDataset } from './dataset';
import { subset, classCounts } from './dataset';
import { Rng, permutation } from '../nn';

/** Splits `d` into train and validation with `valFraction` of each class (at least 1 when a class has ≥ 2). */
export function stratifiedSplit(d: ImageDataset, valFraction: number, seed: number): { train: ImageDataset; val: ImageDataset } {
  const idx = splitIndices(d.labels, d.classNames.length, { valFraction, testFraction: 0 }, seed);
  return { train: subset(d, idx.train), val: subset(d, idx.val) };
}

/** Image indices of a three-way split, each list ascending; the three are disjoint and together are every image. */
export interface SplitIndices {
  train: number[];
  val: number[];
  test: number[];
}

/**
 * Stratified train / validation / test indices from one seeded shuffle per class: the first round(n·valFraction)
 * of a class's shuffle validate (at least 1 when the class has ≥ 2), the next round(n·testFraction) test (at least
 * 1 when the class has ≥ 4, and never so many that fewer than MIN_PER_CLASS.train are left to train on), the rest
 * train. The validation set is the same with or without a test split, so adding one only takes training images.
 */
export function splitIndices(labels: ArrayLike<number>, numClasses: number, f: { valFraction: number; testFraction: number }, seed: number): SplitIndices {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const rng = new Rng(seed);
  const out: SplitIndices = { train: [], val: [], test: [] };
  for (const idx of byClass) {
    const p = permutation(idx.length, rng);
    const n = idx.length;
    let nVal = Math.round(n * f.valFraction);
    if (nVal === 0 && n >= 2 && f.valFraction > 0) nVal = 1;
    let nTest = Math.round(n * f.testFraction);
    if (nTest === 0 && n >= MIN_PER_CLASS.train + MIN_PER_CLASS.val + 1 && f.testFraction > 0) nTest = 1;
    nTest = Math.max(0, Math.min(nTest, n - nVal - MIN_PER_CLASS.train));
    for (let i = 0; i < n; i++) (i < nVal ? out.val : i < nVal + nTest ? out.test : out.train).push(idx[p[i]]);
  }
  for (const list of [out.train, out.val, out.test]) list.sort((a, b) => a - b);
  return out;
}

/**
 * `d` split three ways (splitIndices): train to learn from, validation to watch, stop early and tune on, and a
 * held-out test set that no choice looks at, to be scored once when the run is over (src/lib/train/heldOutTest.ts).
 */
export function trainValTestSplit(d: ImageDataset, valFraction: number, testFraction: number, seed: number): { train: ImageDataset; val: ImageDataset; test: ImageDataset } {
  const idx = splitIndices(d.labels, d.classNames.length, { valFraction, testFraction }, seed);
  return { train: subset(d, idx.train), val: subset(d, idx.val), test: subset(d, idx.test) };
}

/** The studio's three splits: train to learn from, validation to watch and choose with, test to score once at the end. */
export interface StudioSplit { train: ImageDataset; val: ImageDataset; test: ImageDataset }

/**
 * A loaded dataset split for the studio, at most `maxPerClass` training images per class. When the source brings
 * its own test images (CIFAR-10's test batch, a folder's test/), those are the test split (at most
 * round(maxPerClass · valFraction) per class) and validation comes out of the training images; otherwise all three
 * come from one stratified split (trainValTestSplit). When a given test set leaves too few training images to
 * hold validation out (splitProblem), the given images validate instead and there is no test split. Returns why
 * the images cannot be trained on when even that fails.
 */
export function studioSplit(all: ImageDataset, given: ImageDataset | null,
  o: { valFraction: number; testFraction: number; maxPerClass: number; seed: number }): StudioSplit | { problem: string } {
  const capped = limitPerClass(all, o.maxPerClass);
  if (!given) {
    const three = trainValTestSplit(capped, o.valFraction, o.testFraction, o.seed);
    return splitProblem(three.train, three.val) ? { problem: splitProblem(three.train, three.val)! } : three;
  }
  const held = limitPerClass(given, Math.max(1, Math.round(o.maxPerClass * o.valFraction)));
  const two = stratifiedSplit(capped, o.valFraction, o.seed);
  if (!splitProblem(two.train, two.val)) return { ...two, test: held };
  const problem = splitProblem(capped, held);
  return problem ? { problem } : { train: capped, val: held, test: subset(held, []) };
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

/** The fewest images per class the studio trains with: 2 to learn from and 1 to validate on. */
export const MIN_PER_CLASS = { train: 2, val: 1 } as const;

/**
 * Why a train/validation pair cannot be trained on, in plain words (null when it can): it needs two classes or
 * more, and every class needs ≥ MIN_PER_CLASS.train training and ≥ MIN_PER_CLASS.val validation images. Without
 * validation images no epoch can be measured, checkpointed or stopped early; a class never trained on (one found
 * only in test/) cannot be learnt.
 */
export function splitProblem(train: ImageDataset, val: ImageDataset): string | null {
  const names = train.classNames;
  if (names.length < 2) return 'Training needs at least two classes.';
  if (val.classNames.join('\n') !== names.join('\n')) return 'The training and validation images do not have the same classes.';
  const t = classCounts(train);
  const v = classCounts(val);
  const short = names.map((name, c) => ({ name, t: t[c], v: v[c] })).filter((c) => c.t < MIN_PER_CLASS.train || c.v < MIN_PER_CLASS.val);
  if (short.length === 0) return null;
  const list = short.slice(0, 8).map((c) => `${c.name} (${c.t} training, ${c.v} validation)`).join(', ');
  return `Every class needs at least ${MIN_PER_CLASS.train} training images and ${MIN_PER_CLASS.val} validation image: the ` +
    'validation images measure each epoch, decide early stopping and which epoch is saved. Too few in ' +
    `${list}${short.length > 8 ? ` and ${short.length - 8} more classes` : ''}. Add images to ${short.length === 1 ? 'that class' : 'those classes'} ` +
    `(a folder without train/ and test/ sub-folders needs at least ${MIN_PER_CLASS.train + MIN_PER_CLASS.val} per class) or leave ${short.length === 1 ? 'it' : 'them'} out.`;
}
