/**
 * Update-to-weight ratios (‖Δw‖/‖w‖ per layer, w before the step) recorded by the Trainer, against a naive
 * float64 recomputation from parameter snapshots read before and after the same step; and no leaks.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/lib/train/config';
import { appendGradRow, emptyHistory, MAX_GRAD_ROWS } from '../../src/lib/train/history';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';

let tf: Awaited<ReturnType<typeof useBackend>>;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

const data = stratifiedSplit(makeSyntheticDataset({ perClass: 8, seed: 5, size: 16 }), 0.25, 3);
const tiny: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', widthMultiplier: 0.125, batchSize: 8, epochs: 2, lr: 0.05, warmupEpochs: 0, patience: 0 };

async function snapshot(t: Trainer): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of t.model.params) out.set(k, (await v.data()).slice() as Float32Array);
  return out;
}

/** Naive float64: per layer sqrt(Σ(a−b)²)/sqrt(Σb²) over its parameters. */
function naiveRatios(before: Map<string, Float32Array>, after: Map<string, Float32Array>): Map<string, number> {
  const acc = new Map<string, { d: number; w: number }>();
  for (const [name, b] of before) {
    const layer = name.slice(0, name.lastIndexOf('.'));
    const a = after.get(name)!;
    const e = acc.get(layer) ?? { d: 0, w: 0 };
    for (let i = 0; i < b.length; i++) {
      e.d += (a[i] - b[i]) ** 2;
      e.w += b[i] ** 2;
    }
    acc.set(layer, e);
  }
  return new Map([...acc].map(([l, e]) => [l, Math.sqrt(e.d) / Math.sqrt(e.w)]));
}

describe('update-to-weight ratio', () => {
  for (const optimizer of ['sgd', 'adam'] as const) {
    it(`matches a naive recomputation from parameter snapshots (${optimizer}, steps 1 and 3)`, async () => {
      const t = Trainer.create({ ...tiny, optimizer, lr: optimizer === 'sgd' ? 0.05 : 1e-3 }, data);
      for (let s = 0; s < 3; s++) {
        const before = await snapshot(t);
        await t.step();
        const after = await snapshot(t);
        if (s === 1) continue; // step 2 only advances momentum / Adam moments
        const want = naiveRatios(before, after);
        const g = t.history.grad;
        const row = g.ratios![g.ratios!.length - 1];
        expect(g.layers.length).toBe(want.size);
        g.layers.forEach((layer, j) => {
          const w = want.get(layer)!;
          expect(w).toBeGreaterThan(0);
          expect(Math.abs(row[j] - w) / w, `${layer} at step ${s}`).toBeLessThan(1e-3);
        });
      }
      t.dispose();
    });
  }

  it('follows the learning rate: halving lr halves every ratio on the first SGD step', async () => {
    const a = Trainer.create({ ...tiny, lr: 0.02 }, data);
    const b = Trainer.create({ ...tiny, lr: 0.01 }, data);
    await a.step();
    await b.step();
    const ra = a.history.grad.ratios![0];
    const rb = b.history.grad.ratios![0];
    ra.forEach((v, j) => expect(rb[j] / v).toBeCloseTo(0.5, 4));
    a.dispose();
    b.dispose();
  });

  it('leaks no tensors while recording ratios', async () => {
    const t = Trainer.create(tiny, data);
    await t.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) await t.step();
    expect(tf.memory().numTensors).toBe(before);
    expect(t.history.grad.ratios!.length).toBe(5);
    t.dispose();
  });

  it('keeps ratio rows aligned with steps when thinning, and fills rows a pre-ratio history lacks with NaN', () => {
    const h = emptyHistory();
    delete h.grad.ratios;
    appendGradRow(h, 0, ['a'], [1]);
    for (let s = 1; s <= MAX_GRAD_ROWS; s++) appendGradRow(h, s, ['a'], [s], [s / 10]);
    expect(h.grad.steps.length).toBe(h.grad.ratios!.length);
    expect(Number.isNaN(h.grad.ratios![0][0])).toBe(true);
    h.grad.steps.forEach((s, i) => { if (s > 0) expect(h.grad.ratios![i][0]).toBeCloseTo(s / 10, 12); });
  });
});
