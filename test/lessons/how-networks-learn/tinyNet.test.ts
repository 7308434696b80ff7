import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { makeTinyNet, gradCheck, chainRule, FD_STEP } from '../../../lessons/how-networks-learn/tinyNet';
import { tinyLoss, tinyKernelGrad } from './reference';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

const net = makeTinyNet();
const kIndex = (u: number, v: number, c: number) => (u * 3 + v) * 2 + c;

describe('the tiny conv → ReLU → pool → fc network (step 3)', () => {
  it('its loss is the float64 loss of the same network', async () => {
    for (const label of [0, 1, 2]) {
      const r = await gradCheck(net, label, { u: 0, v: 0, c: 0 });
      expect(r.loss).toBeCloseTo(tinyLoss(net.x, net.kernel, net.fcW, net.fcB, label), 5);
    }
  });

  it('chain rule, tf.grad and finite difference each match the float64 backward pass, for every weight and class', async () => {
    for (const label of [0, 1, 2]) {
      const ref = tinyKernelGrad(net.x, net.kernel, net.fcW, net.fcB, label);
      for (let c = 0; c < 2; c++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) {
        const r = await gradCheck(net, label, { u, v, c });
        const want = ref[kIndex(u, v, c)];
        expect(Math.abs(r.chain.value - want)).toBeLessThan(1e-6);
        expect(Math.abs(r.tfGrad - want)).toBeLessThan(1e-6);
        if (!r.kinkNear) expect(Math.abs(r.finiteDiff - want)).toBeLessThan(2e-4);
      }
    }
  });

  it('the finite difference also matches a float64 central difference of the float64 loss', async () => {
    const at = { u: 1, v: 2, c: 1 };
    const r = await gradCheck(net, 2, at);
    const k = Float64Array.from(net.kernel);
    const plus = Float64Array.from(k), minus = Float64Array.from(k);
    plus[kIndex(1, 2, 1)] += FD_STEP;
    minus[kIndex(1, 2, 1)] -= FD_STEP;
    const fd64 = (tinyLoss(net.x, plus, net.fcW, net.fcB, 2) - tinyLoss(net.x, minus, net.fcW, net.fcB, 2)) / (2 * FD_STEP);
    expect(Math.abs(r.finiteDiff - fd64)).toBeLessThan(2e-4);
  });

  it('the factors it prints: ∂L/∂z = q − t, the fc row, the nine terms from the float64 forward pass', async () => {
    const at = { u: 2, v: 1, c: 0 };
    const r = await gradCheck(net, 1, at);
    expect(r.chain.dLdz.reduce((s, d) => s + d, 0)).toBeCloseTo(0, 6);
    expect(r.chain.dLdz[1]).toBeLessThan(0);
    expect(r.chain.fcRow).toEqual(Array.from(net.fcW.slice(0, 3)));
    r.chain.terms.forEach((t) => {
      let a = 0;
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) a += net.x[t.i + u][t.j + v] * net.kernel[kIndex(u, v, 0)];
      expect(t.a).toBeCloseTo(a, 5);
      expect(t.x).toBe(net.x[t.i + 2][t.j + 1]);
      expect(t.open).toBe(a > 0);
    });
  });

  it('flags a weight whose ±h crosses a ReLU kink', () => {
    const probs = [0.2, 0.3, 0.5];
    const a = new Array(18).fill(1);
    a[0] = 1e-4; // a_00 of filter 0 sits next to the kink
    const chain = chainRule(net, 0, { u: 0, v: 0, c: 0 }, a, probs);
    expect(chain.terms[0].open).toBe(true);
    expect(Math.abs(chain.terms[0].a) <= FD_STEP * Math.abs(chain.terms[0].x)).toBe(true);
  });

  it('refuses a weight that is not there, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await gradCheck(net, 0, { u: 1, v: 1, c: 1 });
    await expect(gradCheck(net, 0, { u: 3, v: 0, c: 0 })).rejects.toThrow(/No conv weight/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
