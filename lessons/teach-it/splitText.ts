/**
 * Why the learner's pictures cannot be split for training, in Teach it's own words and the page's language: the
 * shared splitProblem speaks of the studio (epochs, early stopping, train/ and test/ folders) and in English only.
 * The check itself stays splitProblem's; this only words it.
 */
import { classCounts, type ImageDataset } from '../../src/lib/data/dataset';
import { MIN_PER_CLASS, splitProblem } from '../../src/lib/data/split';
import { i18n, LOCALE_TAG, t } from '../../src/lib/i18n/index';

/** The problem with the train / held-out split of the learner's pictures, worded for this lesson, or null. */
export function teachSplitProblem(train: ImageDataset, val: ImageDataset): string | null {
  const problem = splitProblem(train, val);
  if (!problem) return null;
  const names = train.classNames;
  if (names.length < 2) return t('Teaching needs at least two classes.');
  const tc = classCounts(train);
  const vc = classCounts(val);
  const short = names.flatMap((name, c) => (tc[c] < MIN_PER_CLASS.train || vc[c] < MIN_PER_CLASS.val ? [t('{name} ({n})', { name, n: tc[c] + vc[c] })] : []));
  if (!short.length) return problem;
  return t('Every class needs at least {n} pictures (a quarter of each class is held out to check the result); too few in {list}.', {
    n: MIN_PER_CLASS.train + MIN_PER_CLASS.val, list: new Intl.ListFormat(LOCALE_TAG[i18n.current], { type: 'conjunction' }).format(short),
  });
}
