/**
 * The BN-folded frozen pass against the model's own eval-mode forward on the HF fixture weights: the same pooled
 * features and stage-3 activations (float32 rounding of the fold), through extractFeatures too; nothing leaks.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { readFixture } from '../../helpers/fixtures';
import { createResNet18, disposeResNet18, forward, parseSafetensors, type ResNet18 } from '../../../src/lib/nn';
import { loadPretrained } from '../../../src/lib/train/finetune';
import { extractFeatures } from '../../../src/lib/train/featureCache';
import { foldBackbone, disposeFolded, frozenPass } from '../../../lessons/teach-it/frozenPass';

let m: ResNet18;
beforeAll(async () => {
  await useBackend('wasm');
  m = createResNet18({ numClasses: 1000 });
  loadPretrained(m, parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors);
});
afterAll(() => disposeResNet18(m));

/** Largest |a − b| over the largest |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, s = 0;
  for (let i = 0; i < b.length; i++) { d = Math.max(d, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return d / s;
}

describe('frozenPass', () => {
  it('gives forward\'s eval-mode pooled features and stage-3 activations within 1e-4 (relative), leaking nothing', async () => {
    const start = tf.memory().numTensors;
    const x = tf.randomNormal([3, 96, 96, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const f = await foldBackbone(m);
    const [gap, s3] = frozenPass(f, x, ['head.gap', 'stage3']);
    const ref = forward(m, x, { taps: ['head.gap', 'stage3'] });
    expect(gap.shape).toEqual([3, 512]);
    expect(s3.shape).toEqual(ref.activations.get('stage3')!.shape);
    expect(relErr(await gap.data(), await ref.activations.get('head.gap')!.data())).toBeLessThan(1e-4);
    expect(relErr(await s3.data(), await ref.activations.get('stage3')!.data())).toBeLessThan(1e-4);
    tf.dispose([gap, s3, x, ref.logits, ...ref.activations.values()]);
    disposeFolded(f);
    expect(tf.memory().numTensors).toBe(start);
  }, 60_000);

  it('fills extractFeatures\' caches as the plain forward does', async () => {
    const start = tf.memory().numTensors;
    const f = await foldBackbone(m);
    const batchOf = (a: number, b: number) => tf.randomNormal([b - a, 64, 64, 3], 0, 1, 'float32', 11 + a) as tf.Tensor4D;
    const [folded] = await extractFeatures(m, ['head.gap'], 5, batchOf, { batchSize: 2, pass: (x, p) => frozenPass(f, x, p) });
    const [plain] = await extractFeatures(m, ['head.gap'], 5, batchOf, { batchSize: 2 });
    expect(folded.rowShape).toEqual([512]);
    expect(relErr(folded.data, plain.data)).toBeLessThan(1e-4);
    disposeFolded(f);
    expect(tf.memory().numTensors).toBe(start);
  }, 60_000);
});
