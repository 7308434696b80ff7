/**
 * tfjsPeakBytes on a small model: between what must be alive together at some moment of the pass (everything
 * alive before it, the input, and the stem convolution's output while its input still is) and what would be alive
 * if nothing were ever freed (every node's output, counted from the graph's shapes by hand, twice over for kernels'
 * own temporaries); no tensors left behind.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createResNet18, disposeResNet18 } from '../../../src/lib/nn';
import { tfjsPeakBytes } from '../../../lessons/ship-it/logits';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('cpu');
});

describe('tfjsPeakBytes', () => {
  it('lies between the live-together lower bound and the never-freed upper bound, and leaks nothing', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 1 / 32, numClasses: 10 }); // channels 2, 4, 8, 16
    const side = 8;
    const input = side * side * 3 * 4;
    // Output bytes of each node at batch 1: stage s works at side / 2^(s−1); gap and fc give vectors.
    let outputs = 0;
    for (const n of m.graph) {
      const s = n.stage === 'stem' || n.stage === 'stage1' ? side : n.stage === 'head' ? 1 : side / 2 ** (Number(n.stage.slice(5)) - 1);
      outputs += s * s * n.outChannels! * 4;
    }
    const before = tf.memory();
    const peak = await tfjsPeakBytes(m, new Float32Array(side * side * 3).fill(0.5), 1, side);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(peak).toBeGreaterThanOrEqual(before.numBytes + input + side * side * 2 * 4);
    expect(peak).toBeLessThanOrEqual(before.numBytes + input + 2 * outputs);
    disposeResNet18(m);
  });
});
