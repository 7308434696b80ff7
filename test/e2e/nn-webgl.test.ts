/**
 * The nn layers and a ResNet-18 basic block on the WebGL backend in real Chromium (SwiftShader), checked
 * against the naive float64 loops of test/helpers/naive.ts run here in Node. Small shapes only: SwiftShader
 * is a software GPU.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openApp, waitForReady, type OpenedApp } from './harness';
import {
  maxAbsDiff, naiveBasicBlock, naiveBatchNormEval, naiveBatchNormTrain, naiveConv2d, naiveMaxPool, randomNd,
  randomValues, type NaiveBlock, type NaiveBn, type Nd,
} from '../helpers/naive';

let app: OpenedApp;
beforeAll(async () => {
  app = await openApp('/welcome/1', { backend: 'webgl' });
  await waitForReady(app.page);
});
afterAll(async () => {
  await app?.close();
});

const TOL = 1e-4;
type Arr = { data: number[]; shape: number[] };
const arr = (a: Nd): Arr => ({ data: Array.from(a.data), shape: a.shape });
const toNd = (a: Arr): Nd => ({ data: Float64Array.from(a.data), shape: a.shape });

describe('nn on WebGL (headless Chromium) agrees with naive float64 loops', () => {
  it('conv2d (stride 2 / dilation 2), torch-style max-pool, BatchNorm train and eval, ReLU basic blocks', async () => {
    const C = 3;
    const inputs = {
      x: arr(randomNd([2, 9, 9, 3], 1)),
      w: arr(randomNd([3, 3, 3, 4], 2)),
      neg: arr(randomNd([1, 7, 7, 2], 3, -2, -0.5)),
      bnX: arr(randomNd([2, 4, 4, C], 4, -1, 3)),
      bn: { gamma: Array.from(randomValues(C, 5, 0.5, 1.5)), beta: Array.from(randomValues(C, 6)),
        mean: Array.from(randomValues(C, 7)), variance: Array.from(randomValues(C, 8, 0.5, 2)) },
      img: arr(randomNd([1, 8, 8, 3], 9)),
      seed: 10,
    };
    const out = await app.page.evaluate(async (inp) => {
      // Runs in the page: only window.notebook (tfjs on the page's backend + the nn core) is used.
      type T = { data(): Promise<Float32Array>; shape: number[]; dispose(): void };
      const { tf, nn } = (window as unknown as { notebook: { tf: any; nn: any } }).notebook;
      const read = async (t: T) => ({ data: Array.from(await t.data()), shape: t.shape });
      const before = tf.memory().numTensors;
      const res: Record<string, unknown> = { backend: tf.getBackend() };
      const x = tf.tensor4d(inp.x.data, inp.x.shape);
      const w = tf.tensor4d(inp.w.data, inp.w.shape);
      const neg = tf.tensor4d(inp.neg.data, inp.neg.shape);
      const bnX = tf.tensor4d(inp.bnX.data, inp.bnX.shape);
      const owned: T[] = [x, w, neg, bnX];
      const keep = (t: T) => (owned.push(t), t);
      res.convS2 = await read(keep(nn.conv2d(x, w, { stride: 2, pad: 1 })));
      res.convD2 = await read(keep(nn.conv2d(x, w, { stride: 1, pad: 2, dilation: 2 })));
      res.maxPool = await read(keep(nn.maxPool2d(neg, 3, 2, 1)));
      const variable = (v: number[]) => {
        const t = tf.tensor1d(v);
        const out = keep(tf.variable(t, false));
        t.dispose();
        return out;
      };
      const state = () => ({
        gamma: keep(tf.tensor1d(inp.bn.gamma)), beta: keep(tf.tensor1d(inp.bn.beta)),
        runningMean: variable(inp.bn.mean), runningVar: variable(inp.bn.variance),
      });
      const evalState = state();
      res.bnEval = await read(keep(nn.batchNorm(bnX, evalState, false)));
      const trainState = state();
      res.bnTrain = await read(keep(nn.batchNorm(bnX, trainState, true)));
      res.bnRunningMean = await read(trainState.runningMean);
      res.bnRunningVar = await read(trainState.runningVar);
      // A width-reduced CIFAR ResNet-18 (4, 8, 16, 32 channels) with random BN statistics.
      const m = nn.createResNet18({ variant: 'cifar', widthMultiplier: 1 / 16, numClasses: 3 }, { seed: inp.seed });
      let k = 0;
      for (const node of m.graph.filter((n: { kind: string }) => n.kind === 'bn')) {
        const c = node.outChannels;
        const set = (v: { assign(t: T): void }, lo: number, hi: number) => {
          const vals = Array.from({ length: c }, (_, i) => lo + ((Math.sin(++k * 12.9898 + i) * 43758.5453) % 1 + 1) % 1 * (hi - lo));
          const t = tf.tensor1d(vals);
          v.assign(t);
          t.dispose();
        };
        set(m.params.get(`${node.name}.gamma`), 0.5, 1.5);
        set(m.params.get(`${node.name}.beta`), -0.3, 0.3);
        set(m.buffers.get(`${node.name}.runningMean`), -0.3, 0.3);
        set(m.buffers.get(`${node.name}.runningVar`), 0.5, 2);
      }
      const img = tf.tensor4d(inp.img.data, inp.img.shape);
      const r = nn.forward(m, img, { taps: ['stem', 'stage1.block1', 'stage1', 'stage2.block1'] });
      const acts: Record<string, unknown> = {};
      for (const [name, t] of r.activations) acts[name] = await read(t);
      res.acts = acts;
      const weights: Record<string, unknown> = {};
      for (const map of [m.params, m.buffers]) for (const [name, v] of map) weights[name] = await read(v);
      res.weights = weights;
      r.logits.dispose();
      for (const t of r.activations.values()) t.dispose();
      img.dispose();
      nn.disposeResNet18(m);
      for (const t of owned) t.dispose();
      res.leaked = tf.memory().numTensors - before;
      return res;
    }, inputs);

    const o = out as Record<string, any>;
    expect(o.backend).toBe('webgl');
    expect(o.leaked).toBe(0);
    const x = toNd(inputs.x);
    const w = toNd(inputs.w);
    const check = (got: Arr, want: Nd) => {
      expect(got.shape).toEqual(want.shape);
      expect(maxAbsDiff(got.data, want.data)).toBeLessThan(TOL);
    };
    check(o.convS2, naiveConv2d(x, w, 2, 1));
    check(o.convD2, naiveConv2d(x, w, 1, 2, 2));
    check(o.maxPool, naiveMaxPool(toNd(inputs.neg), 3, 2, 1));
    const bn: NaiveBn = inputs.bn;
    check(o.bnEval, naiveBatchNormEval(toNd(inputs.bnX), bn));
    const train = naiveBatchNormTrain(toNd(inputs.bnX), bn);
    check(o.bnTrain, train.y);
    expect(maxAbsDiff(o.bnRunningMean.data, train.runningMean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(o.bnRunningVar.data, train.runningVar)).toBeLessThan(1e-5);

    const wt = (name: string) => toNd(o.weights[name]);
    const bnOf = (name: string): NaiveBn => ({
      gamma: o.weights[`${name}.gamma`].data, beta: o.weights[`${name}.beta`].data,
      mean: o.weights[`${name}.runningMean`].data, variance: o.weights[`${name}.runningVar`].data,
    });
    const block = (b: string): NaiveBlock => ({
      conv1: wt(`${b}.conv1.weight`), bn1: bnOf(`${b}.bn1`), conv2: wt(`${b}.conv2.weight`), bn2: bnOf(`${b}.bn2`),
      shortcut: o.weights[`${b}.shortcut.conv.weight`]
        ? { conv: wt(`${b}.shortcut.conv.weight`), bn: bnOf(`${b}.shortcut.bn`) } : undefined,
    });
    expect(block('stage1.block1').shortcut).toBeUndefined();
    expect(block('stage2.block1').shortcut).toBeDefined();
    check(o.acts['stage1.block1'], naiveBasicBlock(toNd(o.acts.stem), block('stage1.block1'), 1));
    check(o.acts['stage2.block1'], naiveBasicBlock(toNd(o.acts.stage1), block('stage2.block1'), 2));
  });
});
