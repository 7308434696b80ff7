/**
 * Pins every statement the "Why residuals train" lesson makes about its experiment, with the lesson's own
 * defaults (EXPERIMENT_DEFAULTS) and the numbers it prints (WHY_CLAIMS). Seeded; wasm backend.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { Experiment, EXPERIMENT_DEFAULTS, type ExperimentSettings, type ExperimentStepRecord } from '../../../lessons/why-residuals/experiment';
import { WHY_CLAIMS as C } from '../../../lessons/why-residuals/experimentClaims';

beforeAll(async () => {
  await useBackend('wasm');
});

async function run(over: Partial<ExperimentSettings>, steps: number) {
  const e = new Experiment({ ...EXPERIMENT_DEFAULTS, ...over });
  const recs: ExperimentStepRecord[] = [];
  for (let i = 0; i < steps; i++) recs.push(await e.step());
  const acc = await e.accuracy();
  e.dispose();
  return { recs, acc, plain: recs.map((r) => r.plain.loss), residual: recs.map((r) => r.residual.loss) };
}
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('the lesson defaults', () => {
  it('are depth 32 with batch norm, 16 wide, SGD lr 0.01 momentum 0.9 (what the page says it runs)', () => {
    expect(EXPERIMENT_DEFAULTS).toMatchObject({ depth: 32, batchNorm: true, width: 16, lr: 0.01, momentum: 0.9, points: 200 });
  });
});

describe(`depth 32 with BN, ${C.steps} steps`, () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run({}, C.steps);
  });

  it(`the residual net's loss is below 0.01 by step ${C.residualBelow001By}`, () => {
    expect(r.residual.slice(0, C.residualBelow001By).some((l) => l < 0.01)).toBe(true);
  });
  it(`the plain net's loss never goes below ${C.plainNeverBelow}`, () => {
    expect(Math.min(...r.plain)).toBeGreaterThan(C.plainNeverBelow);
  });
  it(`mean loss over the last 50 steps: residual < ${C.residualLast50Below}, plain > ${C.last50Ratio}× residual`, () => {
    expect(mean(r.residual.slice(-50))).toBeLessThan(C.residualLast50Below);
    expect(mean(r.plain.slice(-50))).toBeGreaterThan(C.last50Ratio * mean(r.residual.slice(-50)));
  });
  it('training accuracy: the residual net classifies every training point', () => {
    expect(r.acc.residual).toBe(1);
  });
  it(`at step 1 the plain net's first-layer gradient is more than ${C.bnPlainFirstGradTimesLarger}× the residual net's (no vanishing with BN)`, () => {
    const first = r.recs[0];
    expect(first.plain.gradNorms[0]).toBeGreaterThan(C.bnPlainFirstGradTimesLarger * first.residual.gradNorms[0]);
  });
});

describe(`depth 32 without BN, ${C.steps} steps`, () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run({ batchNorm: false }, C.steps);
  });

  it(`at step 1 the plain net's first-layer gradient is below ${C.noBnPlainFirstGradBelow}, the residual net's above ${C.noBnResidualFirstGradAbove}`, () => {
    expect(r.recs[0].plain.gradNorms[0]).toBeLessThan(C.noBnPlainFirstGradBelow);
    expect(r.recs[0].residual.gradNorms[0]).toBeGreaterThan(C.noBnResidualFirstGradAbove);
  });
  it(`the plain net's gradient falls toward the input (each layer's norm below the one above it, layers 1-30)`, () => {
    const g = r.recs[0].plain.gradNorms;
    const falling = g.slice(0, 30).filter((v, i) => v < g[i + 1]).length;
    // the measured profile rises by 14 decades with a few flat spots; require that nearly all steps rise
    expect(falling).toBeGreaterThanOrEqual(27);
  });
  it(`from step ${C.noBnPlainChanceFrom} on, the plain net's loss stays within 0.001 of ln 2 (guessing)`, () => {
    for (const l of r.plain.slice(C.noBnPlainChanceFrom - 1)) expect(Math.abs(l - Math.LN2)).toBeLessThan(0.001);
  });
  it(`the residual net's mean loss over the last 50 steps is below ${C.noBnResidualLast50Below}`, () => {
    expect(mean(r.residual.slice(-50))).toBeLessThan(C.noBnResidualLast50Below);
  });
});

describe(`depth ${C.shallowDepth} with BN, ${C.steps} steps`, () => {
  it('both nets classify every training point', async () => {
    const r = await run({ depth: C.shallowDepth }, C.steps);
    expect(r.acc).toEqual({ plain: 1, residual: 1 });
  });
});
