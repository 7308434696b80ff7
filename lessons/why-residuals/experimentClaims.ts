/**
 * The deep plain BN net's path is erratic: rounding-level changes move its spikes (a variant of this code that
 * kept BN-cancelled biases measured plain minimum 0.19, last-50 mean 0.35). The bounds below therefore keep a wide
 * margin from the measured values rather than quoting them. Cross-check on tfjs's cpu backend (different rounding),
 * defaults, 300 steps: residual < 0.01 first at step 27, last-50 mean 1.25e-4, 100 % accuracy; plain minimum 0.338,
 * last-50 mean 0.50; step-1 first-layer gradients 74.3 (plain) vs 5.45 (residual). Every bound below holds there too.
 *
 * The numbers the "Why residuals train" lesson states about its experiment. The lesson text interpolates
 * these, and test/lessons/why-residuals/experiment-claims.test.ts runs the experiment with EXPERIMENT_DEFAULTS (seeded, wasm) and
 * checks each one — so the page says only what a test shows. Measured values are in the comments.
 */
export const WHY_CLAIMS = Object.freeze({
  /** Training steps the claims are about (the page's "Run 300 steps"). */
  steps: 300,
  // --- defaults: depth 32, BN on ---
  /** The residual net's loss is below 0.01 by this step (measured: first at step 25 on wasm, 27 on cpu). */
  residualBelow001By: 40,
  /** The plain net's loss never goes below this in `steps` steps (measured minimum 0.0705 on wasm, 0.338 on cpu). */
  plainNeverBelow: 0.01,
  /** Mean loss over the last 50 steps: residual below (measured 1.3e-4), plain more than `last50Ratio`× it (measured 0.105, ≈ 800×). */
  residualLast50Below: 0.001,
  last50Ratio: 100,
  /** At step 1 with BN, the plain net's first-layer gradient is MORE than this many times the residual's (measured 13.9×). */
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
