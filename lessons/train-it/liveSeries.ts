/**
 * The studio's live chart lines from a run's history (plain arrays): per-step values at x = global step, per-epoch
 * values at the step that ended the epoch, so both share one step axis; the accuracy chart also gets the chance line.
 */
import type { LineSeries } from '../../src/lib/viz/lineChart';
import type { TrainHistory } from '../../src/lib/train/history';
import { t } from '../../src/lib/i18n/index';

/** Grey, dashed: a reference, not a measurement. */
const CHANCE_COLOUR = '#8a8a8a';

/**
 * The accuracy a guess of one class out of `numClasses` gets on a balanced set (1/C), drawn flat from step 0 to
 * `lastX` and named with its value; null without classes.
 */
export function chanceLine(numClasses: number, lastX: number): LineSeries | null {
  if (!(numClasses >= 2)) return null;
  const p = 1 / numClasses;
  return { name: t('chance: 1/{classes} = {percent} %', { classes: numClasses, percent: +(100 * p).toFixed(1) }),
    xs: [0, Math.max(1, lastX)], ys: [p, p], color: CHANCE_COLOUR, dashed: true };
}

/** The four charts' series (loss, accuracy with chance, learning rate, ms per step) of history `h`. */
export function liveSeries(h: TrainHistory, stepsPerEpoch: number, numClasses: number): Record<'loss' | 'acc' | 'lr' | 'ms', LineSeries[]> {
  const steps = h.step.loss.map((_, i) => i);
  const epochX = h.epoch.valLoss.map((_, e) => (e + 1) * Math.max(1, stepsPerEpoch) - 1);
  const chance = chanceLine(numClasses, Math.max(steps.length - 1, epochX.at(-1) ?? 0));
  return {
    loss: [
      { name: t('train loss (step)'), xs: steps, ys: h.step.loss },
      { name: t('train loss (epoch, eval)'), xs: epochX, ys: h.epoch.trainLoss, dashed: true },
      { name: t('validation loss'), xs: epochX, ys: h.epoch.valLoss },
    ],
    acc: [
      { name: t('train top-1'), xs: epochX, ys: h.epoch.trainAcc, dashed: true },
      { name: t('validation top-1'), xs: epochX, ys: h.epoch.valAcc },
      { name: t('validation top-5'), xs: epochX, ys: h.epoch.valTop5 },
      ...(chance ? [chance] : []),
    ],
    lr: [{ name: t('learning rate'), xs: steps, ys: h.step.lr }],
    ms: [{ name: t('ms per step'), xs: steps, ys: h.step.ms }],
  };
}
