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

/**
 * A run's history has ONE writer: the Trainer appends each step's and each epoch's row with the functions
 * below, its reports carry those same rows, and the page applies the same functions to them — so the page's
 * curves are the Trainer's (and the checkpoint's), never a second bookkeeping.
 */

/** One recorded row of per-layer diagnostics, each array in the order of `layers`; `ratios` absent when not measured. */
export interface GradRow { layers: string[]; norms: number[]; ratios?: number[] }

/** What one training step appends: its loss, learning rate and time, and (when measured) a row of gradient norms. */
export interface StepRow { globalStep: number; loss: number; lr: number; ms: number; grad?: GradRow }

/** One epoch's summary, as the Trainer measures it and as the worker sends it to the page. */
export interface EpochRow { trainLoss: number; trainAcc: number; valLoss: number; valTop1: number; valTop5: number }

/** Appends one step's row (loss, lr, ms; the grad row too when there is one). */
export function appendStepRow(h: TrainHistory, r: StepRow): void {
  h.step.loss.push(r.loss);
  h.step.lr.push(r.lr);
  h.step.ms.push(r.ms);
  if (r.grad) appendGradRow(h, r.globalStep, r.grad.layers, r.grad.norms, r.grad.ratios);
}

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

/** A grad row from per-layer maps (gradient norms; optional update ratios) in the order of the history's layers (the maps' order for the first row). */
export function gradRowOf(h: TrainHistory, norms: Map<string, number>, ratios?: Map<string, number>): GradRow {
  const layers = h.grad.layers.length ? h.grad.layers : [...norms.keys()];
  return { layers, norms: layers.map((l) => norms.get(l) ?? NaN), ratios: ratios && layers.map((l) => ratios.get(l) ?? NaN) };
}
