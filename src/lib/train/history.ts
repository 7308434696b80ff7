/**
 * What a run has recorded so far, as plain arrays (drawn by the live views, stored in checkpoints).
 */

export interface TrainHistory {
  /** Per step (index = global step). */
  step: { loss: number[]; lr: number[]; ms: number[] };
  /** Per-layer gradient norms: layer names, and one row of norms per recorded step (at `gradSteps`). */
  grad: { layers: string[]; steps: number[]; norms: number[][] };
  /** Per finished epoch. */
  epoch: { trainLoss: number[]; trainAcc: number[]; valLoss: number[]; valAcc: number[]; valTop5: number[] };
}

export function emptyHistory(): TrainHistory {
  return {
    step: { loss: [], lr: [], ms: [] },
    grad: { layers: [], steps: [], norms: [] },
    epoch: { trainLoss: [], trainAcc: [], valLoss: [], valAcc: [], valTop5: [] },
  };
}

/** At most this many grad-norm rows are kept: older rows are thinned to every other one (keeps memory flat). */
export const MAX_GRAD_ROWS = 400;

/** Appends one row of gradient norms (in the order of `layers`), thinning when full. */
export function pushGradRow(h: TrainHistory, step: number, norms: Map<string, number>): void {
  if (h.grad.layers.length === 0) h.grad.layers = [...norms.keys()];
  h.grad.steps.push(step);
  h.grad.norms.push(h.grad.layers.map((l) => norms.get(l) ?? NaN));
  if (h.grad.steps.length > MAX_GRAD_ROWS) {
    h.grad.steps = h.grad.steps.filter((_, i) => i % 2 === 0);
    h.grad.norms = h.grad.norms.filter((_, i) => i % 2 === 0);
  }
}
