import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../../src/lib/nn';
import { describeModel } from '../../../src/lib/nn/explain';
import { stageRows } from '../../../lessons/architecture/stageRows';

let model: ResNet18;
beforeAll(async () => { await tf.setBackend('cpu'); model = createResNet18(); });
afterAll(() => disposeResNet18(model));

describe('the stage table recomputed from the model', () => {
  it('has two blocks per stage, 17 conv + 1 fc on the main path, 3 shortcut convs, torchvision stage parameters', () => {
    const t = stageRows(describeModel(model).layers);
    expect(t.rows.map((r) => [r.stage, r.output, r.blocks, r.layers, r.params])).toEqual([
      ['stem', '56×56×64', 0, 'conv 7×7 + max-pool 3×3/2', 9_536],
      ['stage1', '56×56×64', 2, '4 × conv 3×3', 147_968],
      ['stage2', '28×28×128', 2, '4 × conv 3×3', 525_568],
      ['stage3', '14×14×256', 2, '4 × conv 3×3', 2_099_712],
      ['stage4', '7×7×512', 2, '4 × conv 3×3', 8_393_728],
      ['head', '1000', 0, 'avg pool + fc', 513_000],
    ]);
    expect([t.convs, t.fc, t.shortcuts, t.params]).toEqual([17, 1, 3, 11_689_512]);
    expect(t.shortcutStages).toEqual(['stage2', 'stage3', 'stage4']);
  });
});
