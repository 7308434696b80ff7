import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../src/lib/nn';
import { describeModel, type DescribedLayer } from '../../src/lib/nn/explain';
import { receptiveFields, rfBox, createReceptiveField } from '../../src/lib/viz/receptiveField';
import { stubCanvas } from './explorerCanvas';

let model: ResNet18;
let layers: DescribedLayer[];
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createResNet18();
  layers = describeModel(model).layers;
});
afterAll(() => disposeResNet18(model));

/** Brute force along one axis: the input indices (padding included) that output unit i of `name` reads. */
function naiveSpan(name: string, i: number): [number, number] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const span = (n: string, lo: number, hi: number): [number, number] => {
    if (n === 'input') return [lo, hi];
    const l = byName.get(n)!;
    if (l.kind === 'conv' || l.kind === 'maxpool') {
      const k = l.kernel!, s = l.stride!, p = l.pad!;
      return span(l.inputs[0], lo * s - p, hi * s - p + k - 1);
    }
    if (l.kind === 'gap') { const h = byName.get(l.inputs[0])!.outputShape[0]; return span(l.inputs[0], 0, h - 1); }
    const all = l.inputs.map((x) => span(x, lo, hi));
    return [Math.min(...all.map((a) => a[0])), Math.max(...all.map((a) => a[1]))];
  };
  return span(name, i, i);
}

describe('receptive fields', () => {
  it('match a brute-force walk of the graph and the nn summary for every layer', () => {
    const rfs = receptiveFields(layers);
    for (const l of layers) {
      const rf = rfs.get(l.name)!;
      expect(rf.size, l.name).toBe(l.receptiveField.size);
      expect(rf.jump, l.name).toBe(l.receptiveField.jump);
      const unit = l.outputShape.length === 3 ? Math.min(3, l.outputShape[0] - 1) : 0;
      const b = rfBox(rf, unit, unit);
      expect([b.x0, b.x1], l.name).toEqual(naiveSpan(l.name, unit));
    }
    expect(rfs.get('stage4.block2.relu2')!.size).toBe(435);
  });

  it('draws the square and says how much of it is padding', () => {
    stubCanvas();
    const el = document.createElement('div');
    const v = createReceptiveField(el);
    const rfs = receptiveFields(layers);
    const image = { width: 224, height: 224, data: new Uint8ClampedArray(224 * 224 * 4) };
    v.update({ image, layer: 'stem.conv', rf: rfs.get('stem.conv')!, grid: [112, 112], unit: [0, 0] });
    expect(el.querySelector('.rf-text')!.textContent).toBe(
      'Unit (0, 0) of stem.conv sees a 7×7 pixel window (neighbouring units are 2 px apart); 4×4 of it lies inside the image, the rest is padding.');
    v.update({ image, layer: 'stem.conv', rf: rfs.get('stem.conv')!, grid: [112, 112], unit: [50, 50] });
    expect(el.querySelector('.rf-text')!.textContent).toMatch(/7×7 pixel window \(neighbouring units are 2 px apart\)\.$/);
    v.destroy();
  });
});
