/**
 * The answers of Ship it's check questions, recomputed with the lesson's own quantizer and cost formula against
 * the hand arithmetic the answers print (and the BN fold by its definition, in float64).
 */
import { describe, it, expect } from 'vitest';
import { quantizeSymmetric, dequantize } from '../../../src/lib/nn/quantize';
import { seParamCount } from '../../../lessons/ship-it/seBlock';
import lesson from '../../../lessons/ship-it/lesson';
import { useBackend } from '../../helpers/tfNode';
import { tensor1d } from '@tensorflow/tfjs-core';
import { createResNet18, disposeResNet18 } from '../../../src/lib/nn/resnet18';
import { BN_EPS } from '../../../src/lib/nn/layers';
import { foldConvBn } from '../../../src/lib/nn/io/onnxExport';

const recap = () => (lesson.steps.at(-1)!.cells[0] as { md: string }).md;

describe('Ship it recap', () => {
  it('is the last step, with three questions', () => {
    expect(lesson.steps.at(-1)!.title).toBe('What you learned');
    expect(recap().match(/<details/g)).toHaveLength(3);
  });

  it('question 1: max|w| = 0.5 gives s = 0.5/127 and stores 0.1 as 25, which stands for ≈ 0.0984', () => {
    const q = quantizeSymmetric(Float32Array.from([0.5, 0.1, -0.2]), [3], 'per-tensor');
    expect(q.scales[0]).toBeCloseTo(0.003937, 6);
    expect(q.q[1]).toBe(25);
    expect(dequantize(q)[1]).toBeCloseTo(0.0984, 4);
    expect(recap()).toContain('$q = 25$');
  });

  it('question 2: γ = 1, σ² + ε = 4, μ = 2, β = 0.5 fold to W\' = 0.5 W and b\' = −0.5 (foldConvBn)', async () => {
    await useBackend('cpu');
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 1 / 32 }, { seed: 3 });
    const conv = m.graph.find((n) => n.name === 'stem.conv')!;
    const bn = m.graph.find((n) => n.name === 'stem.bn')!;
    const c = bn.outChannels!;
    const put = (k: string, v0: number) => {
      const v = (m.params.get(k) ?? m.buffers.get(k))!;
      const t = tensor1d(Array.from({ length: c }, (_, i) => (i === 0 ? v0 : 1)));
      v.assign(t);
      t.dispose();
    };
    put('stem.bn.gamma', 1);
    put('stem.bn.runningVar', 4 - BN_EPS);
    put('stem.bn.runningMean', 2);
    put('stem.bn.beta', 0.5);
    const w = (await m.params.get('stem.conv.weight')!.data()) as Float32Array; // HWIO, channel 0 is every c-th value
    const f = await foldConvBn(m, conv, bn, 'hwio');
    expect(f.bias[0]).toBeCloseTo(-0.5, 6);
    for (let i = 0; i < w.length; i += c) expect(f.weight[i]).toBeCloseTo(0.5 * w[i], 6);
    disposeResNet18(m);
  });

  it('question 3: an SE gate on 128 channels with r = 16 has 2,184 parameters', () => {
    expect(seParamCount(128, 16)).toBe(2184);
    expect(recap()).toContain('2{,}184');
  });
});
