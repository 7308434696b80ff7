/**
 * SE-ResNet-18 against the plain forward pass: a gate of exactly 0.5 (W2 = 0, b2 = 0) equals the plain network
 * with every block's bn2 γ and β halved (so the gate sits on the residual branch, before the add), a gate of ≈ 1
 * equals the plain network; one training step of the pair leaks nothing; the SE run trains both on equal terms.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createResNet18, disposeResNet18, forward, Optimizer, createRng, normalArray, registerWasmTrainingKernels, type ResNet18 } from '../../../src/lib/nn';
import { addSeGates, disposeSeGates, seLogits } from '../../../lessons/ship-it/seNet';
import { studentStep } from '../../../lessons/ship-it/studentRun';
import { seExperiment, checkSeConfig, SE_RUN } from '../../../lessons/ship-it/seExperiment';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

const cfg = { variant: 'cifar' as const, widthMultiplier: 1 / 16, numClasses: 10 };

async function setGates(se: ReturnType<typeof addSeGates>, b2: number): Promise<void> {
  for (const g of se.gates.values()) {
    const [z, f] = [tf.zerosLike(g.w2), tf.fill(g.b2.shape, b2)];
    (g.w2 as unknown as tfType.Variable).assign(z);
    (g.b2 as unknown as tfType.Variable).assign(f);
    tf.dispose([z, f]);
  }
}

async function maxDiff(a: tfType.Tensor, b: tfType.Tensor): Promise<number> {
  const [x, y] = [Array.from(await a.data()), Array.from(await b.data())];
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
}

describe('SE-ResNet-18', () => {
  const x = () => tf.tensor4d(normalArray(createRng(8), 2 * 8 * 8 * 3, 1), [2, 8, 8, 3]);

  it('gate 0.5 everywhere = the plain network with each bn2 scaled by 0.5; gate ≈ 1 = the plain network', async () => {
    const base = createResNet18(cfg, { seed: 4 });
    const halved: ResNet18 = createResNet18(cfg, { seed: 4 });
    for (const [k, v] of halved.params) if (/block\d\.bn2\.(gamma|beta)$/.test(k)) tf.tidy(() => v.assign(tf.mul(v, 0.5)));
    const se = addSeGates(base, 4, 1);
    const input = x();
    await setGates(se, 0);
    const [got, want] = [seLogits(se, input), forward(halved, input).logits];
    expect(await maxDiff(got, want)).toBeLessThan(1e-5);
    await setGates(se, 40); // σ(40) = 1 − 4e-18
    const [one, plain] = [seLogits(se, input), forward(base, input).logits];
    expect(await maxDiff(one, plain)).toBeLessThan(1e-5);
    expect(await maxDiff(one, want)).toBeGreaterThan(1e-3); // the two references differ, so each check can fail
    tf.dispose([got, want, one, plain, input]);
    disposeSeGates(se);
    [base, halved].forEach(disposeResNet18);
  });

  it('has 4 gate variables per block, and a training step through the gates leaks nothing', async () => {
    const base = createResNet18(cfg, { seed: 4 });
    const n0 = tf.memory().numTensors;
    const se = addSeGates(base, 4, 1);
    expect(tf.memory().numTensors - n0).toBe(8 * 4); // the gate variables only
    expect(se.params.size).toBe(base.params.size + 8 * 4);
    const opt = new Optimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9 }, se.params);
    const [input, y] = [x(), tf.tensor1d([1, 2], 'int32')];
    const before = tf.memory().numTensors;
    const w1 = await se.gates.get('stage1.block1')!.w1.data();
    await studentStep({ params: se.params, logits: (v, t) => seLogits(se, v, t) }, opt, input, y, 0.1);
    expect(await maxDiff(se.gates.get('stage1.block1')!.w1, tf.tensor(w1))).toBeGreaterThan(0); // the gates train
    expect(tf.memory().numTensors - before).toBe(se.params.size + 1); // momentum buffers, + the tensor made just above
    opt.dispose();
    disposeSeGates(se);
    disposeResNet18(base);
    tf.dispose([input, y]);
  });

  it('seExperiment reports both runs each epoch from the same starting point and frees everything', async () => {
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    const tiny = { ...SE_RUN, perClass: 1, valPerClass: 1, width: 1 / 32, size: 8, run: { epochs: 2, batchSize: 10, lr: 0.05, seed: 1 } };
    const r = await seExperiment(tiny, (run, p) => seen.push(`${run}${p.epoch}`));
    expect(seen).toEqual(['plain0', 'plain1', 'plain2', 'se0', 'se1', 'se2']);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.se).toHaveLength(3);
    expect(r.se[0].epoch).toBe(0);
    expect(() => checkSeConfig({ ...tiny, reduction: 0 })).toThrow(/reduction/);
    expect(() => checkSeConfig({ ...tiny, run: { ...tiny.run, batchSize: 11 } })).toThrow(/batch/);
  });
});
