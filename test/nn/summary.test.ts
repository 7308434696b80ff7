import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../src/lib/nn/resnet18';
import { summarize, summarizeConfig, stageTotals, type ModelSummary } from '../../src/lib/nn/summary';
import type { ResNetConfig } from '../../src/lib/nn/architecture';

let tf: typeof tfType;
let imagenet: ResNet18;
let s: ModelSummary;
beforeAll(async () => {
  tf = await useBackend('wasm');
  imagenet = createResNet18();
  s = summarize(imagenet);
});
afterAll(() => disposeResNet18(imagenet));

const layer = (name: string) => {
  const l = s.layers.find((x) => x.name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
};

describe('summary of torchvision ResNet-18 at 224²', () => {
  it('counts 11,689,512 parameters plus 9,600 running-statistic values', () => {
    expect(s.totalParams).toBe(11_689_512);
    expect(s.bufferValues).toBe(9_600);
  });

  it('splits parameters as the syllabus does: conv1 9,408; bn1 128; stages; fc 513,000', () => {
    expect(layer('stem.conv').params).toBe(9_408);
    expect(layer('stem.bn').params).toBe(128);
    expect(layer('head.fc').params).toBe(513_000);
    const byStage = Object.fromEntries(stageTotals(s).map((r) => [r.stage, r.params]));
    expect(byStage).toEqual({ stem: 9_536, stage1: 147_968, stage2: 525_568, stage3: 2_099_712, stage4: 8_393_728, head: 513_000 });
  });

  it('counts 1,814,073,344 multiply-adds (conv + fc only) — a hand table of every conv agrees', () => {
    // [output side, kernel, Cin, Cout, how many] for every conv of ResNet-18 at 224², from the paper's table 1.
    const convs: [number, number, number, number, number][] = [
      [112, 7, 3, 64, 1], // stem
      [56, 3, 64, 64, 4], // stage 1: 2 blocks × 2 convs
      [28, 3, 64, 128, 1], [28, 1, 64, 128, 1], [28, 3, 128, 128, 3], // stage 2: first conv, shortcut, rest
      [14, 3, 128, 256, 1], [14, 1, 128, 256, 1], [14, 3, 256, 256, 3],
      [7, 3, 256, 512, 1], [7, 1, 256, 512, 1], [7, 3, 512, 512, 3],
    ];
    const hand = convs.reduce((a, [h, k, ci, co, n]) => a + n * h * h * k * k * ci * co, 0) + 512 * 1000;
    expect(hand).toBe(1_814_073_344);
    expect(s.totalMacs).toBe(1_814_073_344);
    expect(layer('stem.conv').macs).toBe(112 * 112 * 49 * 3 * 64);
    expect(layer('stage3.block1.shortcut.conv').macs).toBe(14 * 14 * 128 * 256);
    expect(layer('head.fc').macs).toBe(512_000);
    for (const kind of ['bn', 'relu', 'maxpool', 'add', 'gap'] as const) {
      expect(s.layers.filter((l) => l.kind === kind).every((l) => l.macs === 0)).toBe(true);
    }
  });

  it('gives the output shapes 112×112×64, 56×56×64, 28×28×128, 14×14×256, 7×7×512, 512, 1000', () => {
    expect(layer('stem.conv').outputShape).toEqual([112, 112, 64]);
    expect(layer('stem.maxpool').outputShape).toEqual([56, 56, 64]);
    expect(layer('stage1.block2.relu2').outputShape).toEqual([56, 56, 64]);
    expect(layer('stage2.block1.shortcut.bn').outputShape).toEqual([28, 28, 128]);
    expect(layer('stage2.block2.relu2').outputShape).toEqual([28, 28, 128]);
    expect(layer('stage3.block2.relu2').outputShape).toEqual([14, 14, 256]);
    expect(layer('stage4.block2.relu2').outputShape).toEqual([7, 7, 512]);
    expect(layer('head.gap').outputShape).toEqual([512]);
    expect(layer('head.fc').outputShape).toEqual([1000]);
  });

  it('derives receptive fields by hand: stem 7, max-pool 11, stage ends 43 / 99 / 211 / 435', () => {
    // Along the main path, a k×k stride-s layer maps (r, j) → (r + (k−1)·j, j·s), starting from (1, 1).
    const path: [string, number, number][] = [['stem.conv', 7, 2], ['stem.maxpool', 3, 2]];
    for (let st = 1; st <= 4; st++) {
      for (let b = 1; b <= 2; b++) {
        path.push([`stage${st}.block${b}.conv1`, 3, st > 1 && b === 1 ? 2 : 1], [`stage${st}.block${b}.conv2`, 3, 1]);
      }
    }
    let r = 1, j = 1;
    for (const [name, k, stride] of path) {
      r += (k - 1) * j;
      j *= stride;
      expect(layer(name).receptiveField).toEqual({ size: r, jump: j });
    }
    expect(layer('stem.conv').receptiveField.size).toBe(7);
    expect(layer('stem.maxpool').receptiveField).toEqual({ size: 11, jump: 4 });
    const ends = [1, 2, 3, 4].map((st) => layer(`stage${st}.block2.relu2`).receptiveField);
    expect(ends).toEqual([{ size: 43, jump: 4 }, { size: 99, jump: 8 }, { size: 211, jump: 16 }, { size: 435, jump: 32 }]);
    // the 1×1 shortcut only changes the jump; the add keeps the larger field of its two inputs
    expect(layer('stage2.block1.shortcut.conv').receptiveField).toEqual({ size: 43, jump: 8 });
    expect(layer('stage2.block1.add').receptiveField).toEqual({ size: 67, jump: 8 });
    // global pooling sees the whole 7×7 map: 435 + 6·32
    expect(layer('head.gap').receptiveField.size).toBe(627);
  });

  it('totals are the sums of the rows and of the model’s variables', () => {
    expect(s.layers.reduce((a, l) => a + l.params, 0)).toBe(s.totalParams);
    expect(s.layers.reduce((a, l) => a + l.macs, 0)).toBe(s.totalMacs);
    expect([...imagenet.params.values()].reduce((a, v) => a + v.size, 0)).toBe(s.totalParams);
    expect(s.layers.map((l) => l.name)).toEqual(imagenet.graph.map((n) => n.name));
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    summarize(imagenet);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('summary of other configurations', () => {
  it('cifar variant at 32²: 11,173,962 parameters and 555,422,720 multiply-adds (≈ 0.56 G)', () => {
    const m = createResNet18({ variant: 'cifar' });
    const c = summarize(m);
    expect(c.totalParams).toBe(11_173_962);
    expect(c.bufferValues).toBe(9_600);
    const convs: [number, number, number, number, number][] = [
      [32, 3, 3, 64, 1], [32, 3, 64, 64, 4],
      [16, 3, 64, 128, 1], [16, 1, 64, 128, 1], [16, 3, 128, 128, 3],
      [8, 3, 128, 256, 1], [8, 1, 128, 256, 1], [8, 3, 256, 256, 3],
      [4, 3, 256, 512, 1], [4, 1, 256, 512, 1], [4, 3, 512, 512, 3],
    ];
    const hand = convs.reduce((a, [h, k, ci, co, n]) => a + n * h * h * k * k * ci * co, 0) + 512 * 10;
    expect(c.totalMacs).toBe(hand);
    expect(hand).toBe(555_422_720);
    expect(c.layers.find((l) => l.name === 'stage4.block2.relu2')!.outputShape).toEqual([4, 4, 512]);
    disposeResNet18(m);
  });

  it('width 1/8 imagenet at 64²: parameters follow the closed form for base width c = 8', () => {
    const m = createResNet18({ widthMultiplier: 0.125, inputSize: 64, numClasses: 5 });
    const c = summarize(m);
    const w = [8, 16, 32, 64];
    // stem conv + bn; per stage: first block (3×3 in→out, 3×3 out→out, 2 BNs, shortcut 1×1 + BN if in ≠ out) + second block
    let hand = 3 * 49 * 8 + 2 * 8;
    let cin = 8;
    for (const co of w) {
      hand += 9 * cin * co + 9 * co * co + 4 * co + (cin !== co ? cin * co + 2 * co : 0);
      hand += 2 * 9 * co * co + 4 * co;
      cin = co;
    }
    hand += 64 * 5 + 5;
    expect(c.totalParams).toBe(hand);
    expect(c.layers.find((l) => l.name === 'stage4.block2.relu2')!.outputShape).toEqual([2, 2, 64]);
    disposeResNet18(m);
  });
});

/**
 * Parameters and multiply-adds of a ResNet-18 by hand, from the paper's table 1 generalised to any width,
 * class count and input side (an independent reference: no graph, no model). Stage channels 64·2^(s−1)·w
 * rounded (at least 1); a stride-2 3×3 (pad 1) or 1×1 (pad 0) layer maps side h to ⌊(h − 1)/2⌋ + 1.
 */
function handCounts(variant: 'imagenet' | 'cifar', w: number, classes: number, side: number): { params: number; macs: number } {
  const ch = [1, 2, 3, 4].map((st) => Math.max(1, Math.round(64 * 2 ** (st - 1) * w)));
  const half = (h: number) => Math.floor((h - 1) / 2) + 1;
  const k = variant === 'imagenet' ? 7 : 3;
  let h = variant === 'imagenet' ? half(side) : side; // stem conv: 7×7/2 pad 3 halves like a 3×3/2 pad 1
  let params = k * k * 3 * ch[0] + 2 * ch[0];
  let macs = h * h * k * k * 3 * ch[0];
  if (variant === 'imagenet') h = half(h); // 3×3/2 max-pool, pad 1
  let cin = ch[0];
  ch.forEach((co, i) => {
    if (i > 0) h = half(h);
    const shortcut = i > 0 || cin !== co;
    params += 9 * cin * co + 3 * 9 * co * co + 4 * 2 * co + (shortcut ? cin * co + 2 * co : 0);
    macs += h * h * (9 * cin * co + 3 * 9 * co * co + (shortcut ? cin * co : 0));
    cin = co;
  });
  return { params: params + cin * classes + classes, macs: macs + cin * classes };
}

describe('summarizeConfig: the summary of a configuration without building a model', () => {
  it('gives torchvision totals: 11,689,512 params and 1,814,073,344 multiply-adds at 224²; CIFAR 11,173,962', () => {
    const i = summarizeConfig({});
    expect(i.totalParams).toBe(11_689_512);
    expect(i.totalMacs).toBe(1_814_073_344);
    expect(i.bufferValues).toBe(9_600);
    const c = summarizeConfig({ variant: 'cifar' });
    expect(c.totalParams).toBe(11_173_962);
    expect(c.totalMacs).toBe(555_422_720);
  });

  it('equals summarize() of the built model, row by row, across variants, widths, classes and input sizes', () => {
    expect(summarizeConfig({})).toEqual(s);
    const configs: Partial<ResNetConfig>[] = [
      { variant: 'cifar' },
      { variant: 'cifar', widthMultiplier: 0.125, numClasses: 100 },
      { variant: 'cifar', widthMultiplier: 0.25, numClasses: 3, inputSize: 24 },
      { variant: 'cifar', widthMultiplier: 0.5, numClasses: 10, inputSize: 40 },
      { variant: 'cifar', widthMultiplier: 0.3, numClasses: 7, inputSize: 17 }, // 19.2 → 19 channels: rounding
      { variant: 'imagenet', widthMultiplier: 0.125, numClasses: 5, inputSize: 64 },
      { variant: 'imagenet', widthMultiplier: 0.25, numClasses: 37, inputSize: 97 },
      { variant: 'imagenet', widthMultiplier: 0.5, numClasses: 1000, inputSize: 160 },
      { variant: 'imagenet', widthMultiplier: 0.01, numClasses: 2, inputSize: 33 }, // every stage clamps to ≥ 1 channel
    ];
    for (const cfg of configs) {
      const m = createResNet18(cfg);
      expect(summarizeConfig(cfg), JSON.stringify(cfg)).toEqual(summarize(m));
      disposeResNet18(m);
    }
  });

  it('matches the hand count (paper table 1, any width, classes, side) over a wide sweep', () => {
    for (const variant of ['imagenet', 'cifar'] as const) {
      for (const w of [0.01, 0.125, 0.25, 0.3, 0.5, 0.75, 1, 2]) {
        for (const classes of [1, 2, 10, 100, 1000]) {
          for (const side of variant === 'imagenet' ? [32, 64, 97, 128, 224, 256] : [8, 17, 32, 64]) {
            const got = summarizeConfig({ variant, widthMultiplier: w, numClasses: classes, inputSize: side });
            expect({ params: got.totalParams, macs: got.totalMacs }, `${variant} w=${w} ${classes} classes ${side}²`)
              .toEqual(handCounts(variant, w, classes, side));
          }
        }
      }
    }
    expect(handCounts('imagenet', 1, 1000, 224)).toEqual({ params: 11_689_512, macs: 1_814_073_344 });
  });

  it('makes no tensors, and refuses bad configurations and too-small inputs in plain words', () => {
    const before = tf.memory().numTensors;
    summarizeConfig({ widthMultiplier: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => summarizeConfig({ numClasses: 0 })).toThrow(/numClasses must be a positive integer/);
    expect(() => summarizeConfig({ widthMultiplier: NaN })).toThrow(/widthMultiplier must be a positive number/);
    // imagenet halves the side five times before the blocks end; 1×1 still works, but the input must exist
    expect(summarizeConfig({ inputSize: 1 }).layers.at(-2)!.outputShape).toEqual([512]);
    expect(() => summarizeConfig({ inputSize: 0 })).toThrow(/inputSize must be a positive integer/);
  });
});
