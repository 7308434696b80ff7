import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { Optimizer, type OptimizerConfig, type ParamGroup } from '../../src/lib/nn/optim';
import { randomArray, maxAbsDiff } from '../helpers/naiveGrad';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

const SHAPES: Record<string, number[]> = { 'a.weight': [2, 3], 'b.bias': [4] };
const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
const init = (name: string) => randomArray(size(SHAPES[name]), name.length * 11);
const gradAt = (name: string, step: number) => randomArray(size(SHAPES[name]), 1000 + 17 * step + name.length);

/**
 * Reference: torch.optim.SGD / Adam written out in float64 for one parameter over `steps` steps,
 * transcribed from the torch docs' pseudo-code (not from optim.ts).
 */
function reference(cfg: OptimizerConfig, name: string, steps: number, lrs: number[]): Float64Array {
  const p = Float64Array.from(init(name));
  const n = p.length;
  let buf: Float64Array | null = null;
  const m = new Float64Array(n), v = new Float64Array(n);
  for (let t = 1; t <= steps; t++) {
    const g0 = gradAt(name, t - 1);
    const lr = lrs[t - 1];
    const g = Float64Array.from(g0, (x, i) => x + (cfg.weightDecay ?? 0) * p[i]);
    if (cfg.kind === 'sgd') {
      const mom = cfg.momentum ?? 0, damp = cfg.dampening ?? 0;
      if (mom !== 0) {
        buf = buf === null ? Float64Array.from(g) : buf.map((b, i) => mom * b + (1 - damp) * g[i]);
        for (let i = 0; i < n; i++) g[i] = cfg.nesterov ? g[i] + mom * buf[i] : buf[i];
      }
      for (let i = 0; i < n; i++) p[i] -= lr * g[i];
    } else {
      const b1 = cfg.beta1 ?? 0.9, b2 = cfg.beta2 ?? 0.999, eps = cfg.eps ?? 1e-8;
      for (let i = 0; i < n; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        const mHat = m[i] / (1 - b1 ** t);
        const denom = Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps;
        p[i] -= (lr * mHat) / denom;   // = (lr/(1−β1ᵗ))·m/denom
      }
    }
  }
  return p;
}

function makeParams(): Map<string, tfType.Variable> {
  // tidy frees the initial tensor; the variable keeps its own reference to the data.
  return new Map(Object.keys(SHAPES).map((k) => [k, tf.tidy(() => tf.variable(tf.tensor(init(k), SHAPES[k]), true, `${k}_${Math.random()}`))]));
}

function step(opt: Optimizer, t: number, lr?: number): void {
  const grads = new Map(Object.keys(SHAPES).map((k) => [k, tf.tensor(gradAt(k, t), SHAPES[k])]));
  opt.apply(grads, lr);
  tf.dispose([...grads.values()]);
}

async function run(cfg: OptimizerConfig, groups: ParamGroup[] = [], lrs?: number[]) {
  const params = makeParams();
  const opt = new Optimizer(cfg, params, groups);
  for (let t = 0; t < 3; t++) step(opt, t, lrs?.[t]);
  const out = new Map<string, Float32Array>();
  for (const [k, v] of params) out.set(k, (await v.data()) as Float32Array);
  opt.dispose();
  tf.dispose([...params.values()]);
  return out;
}

const configs: [string, OptimizerConfig][] = [
  ['plain SGD', { kind: 'sgd', lr: 0.1 }],
  ['SGD momentum 0.9 + weight decay 5e-4 (the CIFAR recipe)', { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }],
  ['SGD Nesterov', { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }],
  ['SGD with dampening 0.5', { kind: 'sgd', lr: 0.05, momentum: 0.8, dampening: 0.5 }],
  ['Adam defaults', { kind: 'adam', lr: 1e-2 }],
  ['Adam with coupled weight decay and custom betas', { kind: 'adam', lr: 3e-3, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.01 }],
];

describe('Optimizer equals torch.optim over 3 steps (float64 reference)', () => {
  for (const [label, cfg] of configs) {
    it(label, async () => {
      const out = await run(cfg);
      for (const k of Object.keys(SHAPES)) {
        expect(maxAbsDiff(out.get(k)!, reference(cfg, k, 3, [cfg.lr, cfg.lr, cfg.lr]))).toBeLessThan(1e-6);
      }
    });
  }

  it('uses an lr override per step (schedules) and the group lrScale', async () => {
    const cfg: OptimizerConfig = { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4 };
    const lrs = [0.1, 0.05, 0.01];
    const out = await run(cfg, [{ match: (n) => n.endsWith('.bias'), lrScale: 0.1 }], lrs);
    expect(maxAbsDiff(out.get('a.weight')!, reference(cfg, 'a.weight', 3, lrs))).toBeLessThan(1e-6);
    expect(maxAbsDiff(out.get('b.bias')!, reference(cfg, 'b.bias', 3, lrs.map((l) => l * 0.1)))).toBeLessThan(1e-6);
  });

  it('leaves a frozen parameter untouched: no update, no weight decay, no state', async () => {
    const cfg: OptimizerConfig = { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.1 };
    const params = makeParams();
    const opt = new Optimizer(cfg, params, [{ match: (n) => n.startsWith('a.'), frozen: true }]);
    for (let t = 0; t < 3; t++) step(opt, t);
    expect(Array.from(await params.get('a.weight')!.data())).toEqual(Array.from(init('a.weight')));
    expect(opt.isFrozen('a.weight')).toBe(true);
    expect(opt.trainableNames()).toEqual(['b.bias']);
    expect(Object.keys(await opt.getState()).sort()).toEqual(['b.bias.momentum_buffer', 'b.bias.step']);
    opt.dispose();
    tf.dispose([...params.values()]);
  });
});

describe('Optimizer state', () => {
  for (const cfg of [configs[1][1], configs[5][1]]) {
    it(`${cfg.kind}: getState after 2 steps + setState into a fresh optimizer continues exactly`, async () => {
      const params = makeParams();
      const opt = new Optimizer(cfg, params);
      step(opt, 0);
      step(opt, 1);
      const state = await opt.getState();
      opt.dispose();
      const resumed = new Optimizer(cfg, params);
      resumed.setState(state);
      step(resumed, 2);
      for (const k of Object.keys(SHAPES)) {
        expect(maxAbsDiff((await params.get(k)!.data()) as Float32Array, reference(cfg, k, 3, [cfg.lr, cfg.lr, cfg.lr]))).toBeLessThan(1e-6);
      }
      resumed.dispose();
      tf.dispose([...params.values()]);
    });
  }

  it('rejects a state with a wrong shape or unknown name and keeps its own state', async () => {
    const params = makeParams();
    const opt = new Optimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9 }, params);
    step(opt, 0);
    const good = await opt.getState();
    const badShape = { ...good, 'a.weight.momentum_buffer': { shape: [3, 2], data: new Float32Array(6) } };
    expect(() => opt.setState(badShape)).toThrow(/shape \[3,2\].*\[2,3\]/);
    expect(() => opt.setState({ ...good, 'zzz.momentum_buffer': { shape: [1], data: new Float32Array(1) } })).toThrow(/unknown entry "zzz/);
    expect(() => opt.setState({ ...good, 'b.bias.exp_avg': { shape: [4], data: new Float32Array(3) } })).toThrow(/3 values/);
    expect(await opt.getState()).toEqual(good);
    opt.dispose();
    tf.dispose([...params.values()]);
  });

  it('rejects a gradient of the wrong shape and Nesterov without momentum', () => {
    const params = makeParams();
    const opt = new Optimizer({ kind: 'sgd', lr: 0.1 }, params);
    const g = tf.zeros([3, 2]);
    expect(() => opt.apply(new Map([['a.weight', g]]))).toThrow(/shape \[3,2\]/);
    expect(() => new Optimizer({ kind: 'sgd', lr: 0.1, nesterov: true }, params)).toThrow(/Nesterov/);
    tf.dispose([g, ...params.values()]);
  });

  it('leaks nothing: tensor count back to where it was after steps, getState, setState and dispose', async () => {
    const before = tf.memory().numTensors;
    for (const [, cfg] of configs) await run(cfg);
    const params = makeParams();
    const opt = new Optimizer(configs[5][1], params);
    step(opt, 0);
    opt.setState(await opt.getState());
    step(opt, 1);
    opt.dispose();
    tf.dispose([...params.values()]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
