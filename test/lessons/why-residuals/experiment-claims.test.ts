/**
 * Checks every number the "Why residuals train" lesson states about its experiment (WHY_CLAIMS) by running the
 * experiment as the page does — EXPERIMENT_DEFAULTS, seeded, WHY_CLAIMS.steps full-batch steps, only the depth or
 * BN switch the lesson names changed — and comparing what it measures with each claimed bound. Wasm backend.
 *
 * The full horizon is kept: the three runs (depth 32 with and without BN, depth 8) take about 25 s on 2 cores,
 * so no claim is checked on a shorter run than the one the page talks about. The defaults themselves are not
 * pinned to literals: the lesson text interpolates EXPERIMENT_DEFAULTS, so a changed default changes the words
 * and these runs together. Every WHY_CLAIMS key must be read by an assertion below (the last test checks it),
 * so a claim added to the lesson without a measurement here fails. The loss, gradient-norm and training-step
 * maths themselves are checked against float64 and finite differences in experiment.test.ts.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { Experiment, EXPERIMENT_DEFAULTS, type ExperimentSettings, type ExperimentStepRecord } from '../../../lessons/why-residuals/experiment';
import { WHY_CLAIMS as C } from '../../../lessons/why-residuals/experimentClaims';

beforeAll(async () => {
  await useBackend('wasm');
});

type Claim = keyof typeof C;
const checked = new Set<Claim>();
/** A claimed bound, read by an assertion (so the last test can tell that every claim was measured). */
function claim<K extends Claim>(key: K): (typeof C)[K] {
  checked.add(key);
  return C[key];
}

async function run(over: Partial<ExperimentSettings>) {
  const e = new Experiment({ ...EXPERIMENT_DEFAULTS, ...over });
  const recs: ExperimentStepRecord[] = [];
  for (let i = 0; i < claim('steps'); i++) recs.push(await e.step());
  const acc = await e.accuracy();
  e.dispose();
  return { recs, acc, plain: recs.map((r) => r.plain.loss), residual: recs.map((r) => r.residual.loss) };
}
type Run = Awaited<ReturnType<typeof run>>;
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const last50 = (a: number[]) => mean(a.slice(-50));

describe(`depth ${EXPERIMENT_DEFAULTS.depth} with BN (the defaults), ${C.steps} steps`, () => {
  let r: Run;
  beforeAll(async () => {
    r = await run({});
    expect(r.recs.length).toBe(C.steps);
  });

  it(`the residual net's loss is below 0.01 by step ${C.residualBelow001By}`, () => {
    const by = claim('residualBelow001By');
    const first = r.residual.findIndex((l) => l < 0.01) + 1; // 0: never
    expect(first, `first below 0.01 at step ${first}`).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(by);
  });
  it(`the plain net's loss never goes below ${C.plainNeverBelow}`, () => {
    expect(Math.min(...r.plain)).toBeGreaterThan(claim('plainNeverBelow'));
  });
  it(`mean loss over the last 50 steps: residual < ${C.residualLast50Below}, plain > ${C.last50Ratio}× residual`, () => {
    const [below, ratio] = [claim('residualLast50Below'), claim('last50Ratio')];
    const res = last50(r.residual);
    const plain = last50(r.plain);
    expect(res).toBeLessThan(below);
    expect(plain / res, `plain ${plain}, residual ${res}`).toBeGreaterThan(ratio);
  });
  it('training accuracy: the residual net classifies every training point', () => {
    expect(r.acc.residual).toBe(1);
  });
  it(`at step 1 the plain net's first-layer gradient is more than ${C.bnPlainFirstGradTimesLarger}× the residual net's (no vanishing with BN)`, () => {
    const { plain, residual } = r.recs[0];
    expect(plain.gradNorms[0] / residual.gradNorms[0]).toBeGreaterThan(claim('bnPlainFirstGradTimesLarger'));
  });
});

describe(`depth ${EXPERIMENT_DEFAULTS.depth} without BN, ${C.steps} steps`, () => {
  let r: Run;
  beforeAll(async () => {
    r = await run({ batchNorm: false });
  });

  it(`at step 1 the plain net's first-layer gradient is below ${C.noBnPlainFirstGradBelow}, the residual net's above ${C.noBnResidualFirstGradAbove}`, () => {
    const [plainBelow, residualAbove] = [claim('noBnPlainFirstGradBelow'), claim('noBnResidualFirstGradAbove')];
    expect(r.recs[0].plain.gradNorms[0]).toBeLessThan(plainBelow);
    expect(r.recs[0].residual.gradNorms[0]).toBeGreaterThan(residualAbove);
  });
  it(`the plain net's gradient shrinks almost layer after layer toward the input`, () => {
    const g = r.recs[0].plain.gradNorms;
    expect(g.length).toBe(EXPERIMENT_DEFAULTS.depth);
    const shrinking = g.slice(0, -1).filter((v, i) => v < g[i + 1]).length;
    // measured: the profile rises by about 14 decades from input to output with a few flat spots; "almost
    // layer after layer" = at least 9 of every 10 neighbouring pairs
    expect(shrinking, `${shrinking} of ${g.length - 1} pairs`).toBeGreaterThanOrEqual(0.9 * (g.length - 1));
  });
  it(`from step ${C.noBnPlainChanceFrom} on, the plain net's loss stays within 0.001 of ln 2 (guessing)`, () => {
    const tail = r.plain.slice(claim('noBnPlainChanceFrom') - 1);
    expect(Math.max(...tail.map((l) => Math.abs(l - Math.LN2)))).toBeLessThan(0.001);
  });
  it(`the residual net's mean loss over the last 50 steps is below ${C.noBnResidualLast50Below}`, () => {
    expect(last50(r.residual)).toBeLessThan(claim('noBnResidualLast50Below'));
  });
});

describe(`depth ${C.shallowDepth} with BN, ${C.steps} steps`, () => {
  it('both nets classify every training point', async () => {
    const r = await run({ depth: claim('shallowDepth') });
    expect(r.acc).toEqual({ plain: 1, residual: 1 });
  });
});

describe('coverage', () => {
  it('every claim the lesson makes was measured by a test above', () => {
    expect(Object.keys(C).filter((k) => !checked.has(k as Claim))).toEqual([]);
  });
});
