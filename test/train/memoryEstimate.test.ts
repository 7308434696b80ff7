import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { createResNet18, disposeResNet18, summarize, summarizeConfig } from '../../src/lib/nn';
import { Optimizer } from '../../src/lib/nn/optim';
import { trainStep } from '../../src/lib/nn/train';
import { DEFAULT_TRAIN_CONFIG } from '../../src/lib/train/config';
import {
  estimateTrainingMemory, estimateRecipe, memoryProblem, describeEstimate, WASM_HEAP_LIMIT, ACTIVATION_FACTOR,
} from '../../src/lib/train/memoryEstimate';

describe('training memory estimate: arithmetic against a hand count', () => {
  // CIFAR variant, width 1/8 (8, 16, 32, 64 channels), 10 classes, 8×8 input: stage sides 8, 4, 2, 1.
  // Layer outputs per image (a block is conv1, bn1, relu1, conv2, bn2, add, relu2 = 7 maps; + 2 with a shortcut):
  //   stem 3·(8·8·8) = 1536; stage1 14·512 = 7168; stage2 (9+7)·(4·4·16) = 4096; stage3 16·(2·2·32) = 2048;
  //   stage4 16·64 = 1024; gap 64; fc 10  →  A = 15,946.
  // Parameters: stem 216+16; stage1 2·(576+16+576+16); stage2 3680+4672; stage3 14528+18560; stage4 57728+73984;
  //   fc 650  →  P = 176,402.
  const A = 15_946;
  const P = 176_402;
  const s = summarizeConfig({ variant: 'cifar', widthMultiplier: 1 / 8, numClasses: 10, inputSize: 8 });

  it('counts the parameters and layer outputs the hand count gives', () => {
    expect(s.totalParams).toBe(P);
    expect(s.layers.reduce((a, l) => a + l.outputShape.reduce((x, y) => x * y, 1), 0)).toBe(A);
  });

  it('SGD with momentum, batch 4: weights 2P, gradients P, state 2P, activations 2.5·A·4 + the input, all ×4 bytes', () => {
    const e = estimateTrainingMemory(s, { batchSize: 4, inputSize: 8, optimizer: 'sgd', momentum: 0.9 });
    expect(ACTIVATION_FACTOR).toBe(2.5);
    expect(e).toEqual({ weights: 1_411_216, gradients: 705_608, optimizer: 1_411_216, activations: 640_912, total: 4_168_952 });
  });

  it('Adam keeps two state values per parameter, plain SGD none', () => {
    expect(estimateTrainingMemory(s, { batchSize: 4, inputSize: 8, optimizer: 'adam', momentum: 0.9 }).optimizer).toBe(2_822_432);
    expect(estimateTrainingMemory(s, { batchSize: 4, inputSize: 8, optimizer: 'sgd', momentum: 0 }).optimizer).toBe(0);
  });
});

describe('training memory estimate against the wasm backend', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    registerWasmTrainingKernels();
  });

  it('bounds the measured peak of a real step from above, within a factor 1.6 (tf.profile peakBytes)', async () => {
    const tf = await useBackend('wasm');
    for (const [w, batch, kind] of [[0.125, 8, 'sgd'], [0.125, 16, 'adam']] as const) {
      const m = createResNet18({ variant: 'cifar', widthMultiplier: w, inputSize: 32 }, { seed: 1 });
      const opt = new Optimizer(kind === 'sgd' ? { kind, lr: 0.01, momentum: 0.9 } : { kind, lr: 1e-3 }, m.params);
      const x = tf.randomNormal([batch, 32, 32, 3]) as Parameters<typeof trainStep>[2];
      const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32');
      await trainStep(m, opt, x, y, { gradNorms: true }); // the optimizer state exists from here on
      const { peakBytes } = await tf.profile(async () => { await trainStep(m, opt, x, y, { gradNorms: true }); });
      const e = estimateTrainingMemory(summarize(m), { batchSize: batch, inputSize: 32, optimizer: kind, momentum: 0.9 });
      expect(e.total).toBeGreaterThanOrEqual(peakBytes);
      expect(e.total).toBeLessThan(1.6 * peakBytes);
      opt.dispose();
      tf.dispose([x, y]);
      disposeResNet18(m);
    }
  });

  it('at width 1 on wasm: batch 192 fits the 4 GiB heap (measured: trains), batch 256 does not (measured: fails)', () => {
    const at = (batchSize: number) => estimateRecipe({ ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 1, batchSize, optimizer: 'adam' }, 10, 32);
    expect(memoryProblem(at(128), 'wasm')).toBeNull();
    expect(memoryProblem(at(192), 'wasm')).toBeNull();
    expect(at(192).total).toBeLessThan(WASM_HEAP_LIMIT);
    const refusal = memoryProblem(at(256), 'wasm')!;
    expect(refusal).toMatch(/^This recipe needs about 5\.\d\d GB per step \(activations 5\.\d\d GB, .*more than the wasm backend can hold \(4\.29 GB\)/);
    expect(memoryProblem(at(256), 'webgl')).toBeNull(); // the GPU's memory is not known to the page
    expect(describeEstimate(at(32))).toMatch(/^about \d+ MB per step/);
  });
});
