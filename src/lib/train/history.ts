/**
 * What a run has recorded so far, as plain arrays (drawn by the live views, stored in checkpoints).
 */

export interface TrainHistory {
  /** Per step (index = global step). */
  step: { loss: number[]; lr: number[]; ms: number[] };
  /**
   * Per-layer diagnostics: layer names, and one row per recorded step (at `steps`) of gradient norms ‖g‖ and
   * update-to-weight ratios ‖Δw‖/‖w‖ (w before the update). `ratios` is absent in checkpoints saved before it
   * existed; rows it lacks are NaN.
   */
  grad: { layers: string[]; steps: number[]; norms: number[][]; ratios?: number[][] };
  /** Per finished epoch. */
  epoch: { trainLoss: number[]; trainAcc: number[]; valLoss: number[]; valAcc: number[]; valTop5: number[] };
}

export function emptyHistory(): TrainHistory {
  return {
    step: { loss: [], lr: [], ms: [] },
    grad: { layers: [], steps: [], norms: [], ratios: [] },
    epoch: { trainLoss: [], trainAcc: [], valLoss: [], valAcc: [], valTop5: [] },
  };
}

/** At most this many grad-norm rows are kept: older rows are thinned to every other one (keeps memory flat). */
export const MAX_GRAD_ROWS = 400;

/** One epoch's summary, as the Trainer measures it and as the worker sends it to the page. */
export interface EpochRow { trainLoss: number; trainAcc: number; valLoss: number; valTop1: number; valTop5: number }

/** Appends one epoch's summary to the per-epoch curves. */
export function appendEpochRow(h: TrainHistory, r: EpochRow): void {
  const e = h.epoch;
  e.trainLoss.push(r.trainLoss);
  e.trainAcc.push(r.trainAcc);
  e.valLoss.push(r.valLoss);
  e.valAcc.push(r.valTop1);
  e.valTop5.push(r.valTop5);
}

/**
 * Appends one row of norms and ratios (each in the order of `layers`; a missing ratio row becomes NaN),
 * thinning all rows together when full. Adopts `layers` when none are recorded yet.
 */
export function appendGradRow(h: TrainHistory, step: number, layers: string[], norms: number[], ratios?: number[]): void {
  const g = h.grad;
  if (g.layers.length === 0) g.layers = layers;
  g.ratios ??= g.norms.map((row) => row.map(() => NaN));
  g.steps.push(step);
  g.norms.push(norms);
  g.ratios.push(ratios ?? norms.map(() => NaN));
  if (g.steps.length > MAX_GRAD_ROWS) {
    const even = (_: unknown, i: number) => i % 2 === 0;
    g.steps = g.steps.filter(even);
    g.norms = g.norms.filter(even);
    g.ratios = g.ratios.filter(even);
  }
}

/** Appends one row from per-layer maps (gradient norms; optional update ratios), in the order of the recorded layers. */
export function pushGradRow(h: TrainHistory, step: number, norms: Map<string, number>, ratios?: Map<string, number>): void {
  const layers = h.grad.layers.length ? h.grad.layers : [...norms.keys()];
  appendGradRow(h, step, layers, layers.map((l) => norms.get(l) ?? NaN), ratios && layers.map((l) => ratios.get(l) ?? NaN));
}
