/**
 * The proof that training here equals PyTorch: ../shared/fixtures/resnet18/cifar was made with torchvision
 * 0.14 — a CIFAR ResNet-18 (init.safetensors), one batch, and two torch.optim.SGD steps in train mode
 * (reference.json: hyperparameters and both losses; after.safetensors: selected weights, BN running
 * statistics and the eval-mode logits after the two steps). We replay the two steps on wasm.
 *
 * Tolerances: 1e-3 everywhere float32 allows it. Two quantities are chaotic at float32 precision in this
 * fixture (lr 0.05 on 8 images drops the loss from 2.54 to 0.82 in one step): scripts/fixture-noise.ts
 * replays the steps with the input changed by 1e-7 relative (rounding level) and measures spreads of
 * 1.05e-3 for conv1.weight and 5.9e-3 for the eval logits — larger than 1e-3 for ANY float32
 * implementation whose rounding differs from PyTorch's. Those two get 2.5e-3 and 1e-2 (ours: 1.18e-3 and
 * 4.2e-3, i.e. at that noise floor). Tensors that are well conditioned get a far tighter 3e-5 or 1e-4 instead, so the
 * test still sees small semantic slips there.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { readFixture, readFixtureJson } from '../helpers/fixtures';
import { maxAbsDiff } from '../helpers/naiveGrad';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { createResNet18, disposeResNet18, forward, type ResNet18 } from '../../src/lib/nn/resnet18';
import { parseSafetensors, toFloat32 } from '../../src/lib/nn/io/safetensors';
import { loadWeights, exportTorchvision } from '../../src/lib/nn/io/weights';
import { Optimizer } from '../../src/lib/nn/optim';
import { trainStep } from '../../src/lib/nn/train';

interface Reference { lr: number; momentum: number; weight_decay: number; nesterov: boolean; bn_momentum_torch: number; bn_eps: number; steps: number; losses: number[] }

/** Per-tensor bounds where 1e-3 is not the right one (see the header and scripts/fixture-noise.ts). */
const TOLERANCE: Record<string, number> = {
  'conv1.weight': 2.5e-3, eval_logits: 1e-2,
  // well conditioned (noise spread ≤ 5e-6, ours ≤ 5.5e-6 / ≤ 1.7e-5): tighter bounds
  'fc.weight': 3e-5, 'fc.bias': 3e-5, 'bn1.running_mean': 3e-5, 'bn1.running_var': 3e-5,
  'layer4.1.bn2.bias': 1e-4, 'layer2.0.downsample.1.running_var': 1e-4,
};

let tf: typeof tfType;
let model: ResNet18;
let ref: Reference;
let x: tfType.Tensor4D;
let y: tfType.Tensor1D;
const losses: number[] = [];
const after = parseSafetensors(readFixture('resnet18/cifar/after.safetensors')).tensors;

beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
  ref = readFixtureJson('resnet18/cifar/reference.json') as Reference;
  const batch = parseSafetensors(readFixture('resnet18/cifar/batch.safetensors')).tensors;
  const xs = batch.get('x')!, ys = batch.get('y')!;
  // The fixture's batch is NCHW (PyTorch); the model takes NHWC.
  x = tf.tidy(() => tf.tensor4d(toFloat32(xs), xs.shape as [number, number, number, number]).transpose([0, 2, 3, 1]));
  y = tf.tensor1d(Int32Array.from(toFloat32(ys)), 'int32');
  model = createResNet18({ variant: 'cifar' });
  loadWeights(model, parseSafetensors(readFixture('resnet18/cifar/init.safetensors')).tensors);
  const opt = new Optimizer({ kind: 'sgd', lr: ref.lr, momentum: ref.momentum, weightDecay: ref.weight_decay, nesterov: ref.nesterov }, model.params);
  for (let s = 0; s < ref.steps; s++) losses.push((await trainStep(model, opt, x, y)).loss);
  opt.dispose();
});

afterAll(() => {
  tf.dispose([x, y]);
  disposeResNet18(model);
});

describe('two SGD steps on the CIFAR ResNet-18 equal torchvision', () => {
  it('uses the hyperparameters this project assumes (PyTorch BN momentum 0.1, eps 1e-5)', () => {
    expect(ref.steps).toBe(2);
    expect(ref.bn_momentum_torch).toBe(0.1);
    expect(ref.bn_eps).toBe(1e-5);
    expect(x.shape).toEqual([8, 32, 32, 3]);
  });

  it('reproduces both training losses within 1e-3 (the first, before any update, within 1e-5)', () => {
    expect(losses).toHaveLength(2);
    losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i])).toBeLessThan(1e-3));
    expect(Math.abs(losses[0] - ref.losses[0])).toBeLessThan(1e-5);
  });

  it('reproduces the weights and BN running statistics in after.safetensors (1e-3, or TOLERANCE)', async () => {
    const mine = parseSafetensors(await exportTorchvision(model)).tensors;
    const names = [...after.keys()].filter((k) => k !== 'eval_logits');
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual(expect.arrayContaining(['bn1.running_mean', 'bn1.running_var', 'layer2.0.downsample.1.running_var', 'fc.weight', 'conv1.weight']));
    for (const name of names) {
      const got = mine.get(name);
      expect(got, name).toBeDefined();
      expect(got!.shape, name).toEqual(after.get(name)!.shape);
      const err = maxAbsDiff(toFloat32(got!), toFloat32(after.get(name)!));
      expect(err, `${name}: max abs error ${err}`).toBeLessThan(TOLERANCE[name] ?? 1e-3);
    }
  });

  it('reproduces the eval-mode logits after the two steps (within the float32 noise floor, 1e-2)', async () => {
    const { logits } = forward(model, x, { training: false });
    const got = await logits.data();
    logits.dispose();
    expect(logits.shape).toEqual(after.get('eval_logits')!.shape);
    expect(maxAbsDiff(got, toFloat32(after.get('eval_logits')!))).toBeLessThan(TOLERANCE.eval_logits);
  });
});
