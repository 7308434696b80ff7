/**
 * The numbers the "Why residuals train" lesson states about its experiment. The lesson text interpolates
 * these, and test/nn/experiment-claims.test.ts runs the experiment with EXPERIMENT_DEFAULTS (seeded, wasm) and
 * checks each one — so the page says only what a test shows. Measured values are in the comments.
 */
export const WHY_CLAIMS = Object.freeze({
  /** Training steps the claims are about (the page's "Run 300 steps"). */
  steps: 300,
  // --- defaults: depth 32, BN on ---
  /** The residual net's loss is below 0.01 by this step (measured: first at step 25). */
  residualBelow001By: 30,
  /** The plain net's loss never goes below this in `steps` steps (measured minimum 0.194). */
  plainNeverBelow: 0.15,
  /** Mean loss over the last 50 steps: plain above, residual below (measured 0.350 and 1.0e-4). */
  plainLast50Above: 0.3,
  residualLast50Below: 0.001,
  /** Training accuracy after `steps` steps: residual 100 %, plain below this (measured 68.5 %). */
  plainAccuracyBelow: 0.75,
  /** At step 1 with BN, the plain net's first-layer gradient is MORE than this many times the residual's (measured 13×). */
  bnPlainFirstGradTimesLarger: 10,
  // --- BN off (depth 32) ---
  /** First-layer gradient at step 1: plain below, residual above (measured 7.5e-16 and 5.3e-2). */
  noBnPlainFirstGradBelow: 1e-14,
  noBnResidualFirstGradAbove: 1e-2,
  /** From step 50 on, the plain net's loss stays within 0.001 of ln 2 (guessing); measured it never leaves it. */
  noBnPlainChanceFrom: 50,
  /** The residual net's mean loss over the last 50 steps is below this (measured 0.584). */
  noBnResidualLast50Below: 0.62,
  // --- shallow, BN on ---
  /** At this depth both nets classify every training point after `steps` steps (measured 100 % both). */
  shallowDepth: 8,
});
