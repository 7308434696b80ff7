/**
 * The Python printed for a torchvision export builds the module the file fits. With no PyTorch here, the
 * module's state_dict is written out by hand from torchvision's definitions (models/resnet.py: ResNet.__init__,
 * _make_layer, BasicBlock, conv3x3/conv1x1, BatchNorm2d's buffers), fed with the numbers read back from the
 * printed code (WIDTHS, conv1, bn1, fc), and compared with the names, shapes and dtypes exportTorchvision writes.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createResNet18, disposeResNet18 } from '../../../src/lib/nn/resnet18';
import { makeConfig } from '../../../src/lib/nn/architecture';
import { parseSafetensors } from '../../../src/lib/nn/io/safetensors';
import { exportTorchvision } from '../../../src/lib/nn/io/weights';
import { torchvisionPython } from '../../../src/lib/nn/io/torchvisionPython';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('cpu');
});

type Entry = [name: string, shape: number[], dtype: 'F32' | 'I64'];

/** BatchNorm2d(c)'s state_dict entries. */
const bn = (p: string, c: number): Entry[] => [
  [`${p}.weight`, [c], 'F32'], [`${p}.bias`, [c], 'F32'], [`${p}.running_mean`, [c], 'F32'],
  [`${p}.running_var`, [c], 'F32'], [`${p}.num_batches_tracked`, [], 'I64'],
];

/**
 * torchvision's ResNet(BasicBlock, [2,2,2,2]) state_dict, by hand: conv1 (k×k, stem width), bn1, then per
 * stage _make_layer(planes, 2, stride): block 0 = conv3x3(inplanes, planes, stride), bn1, conv3x3(planes, planes),
 * bn2, and a downsample (conv1x1 + BN) when stride ≠ 1 or inplanes ≠ planes; block 1 the same without it; fc.
 */
function torchvisionStateDict(stem: { out: number; k: number }, planes: number[], fcIn: number, classes: number): Entry[] {
  const out: Entry[] = [['conv1.weight', [stem.out, 3, stem.k, stem.k], 'F32'], ...bn('bn1', stem.out)];
  let inplanes = stem.out;
  planes.forEach((p, s) => {
    for (let b = 0; b < 2; b++) {
      const pre = `layer${s + 1}.${b}`;
      const stride = s > 0 && b === 0 ? 2 : 1;
      out.push([`${pre}.conv1.weight`, [p, inplanes, 3, 3], 'F32'], ...bn(`${pre}.bn1`, p), [`${pre}.conv2.weight`, [p, p, 3, 3], 'F32'], ...bn(`${pre}.bn2`, p));
      if (b === 0 && (stride !== 1 || inplanes !== p)) out.push([`${pre}.downsample.0.weight`, [p, inplanes, 1, 1], 'F32'], ...bn(`${pre}.downsample.1`, p));
      inplanes = p;
    }
  });
  out.push(['fc.weight', [classes, fcIn], 'F32'], ['fc.bias', [classes], 'F32']);
  return out;
}

/** The numbers a printed NarrowResNet18 gives torchvision: WIDTHS, conv1's out channels and kernel, bn1, fc. */
function readNarrow(py: string) {
  const widths = /WIDTHS = \{64: (\d+), 128: (\d+), 256: (\d+), 512: (\d+)\}/.exec(py)!.slice(1).map(Number);
  const conv1 = /self\.conv1 = nn\.Conv2d\(3, (\d+), kernel_size=(\d+), stride=(\d+), padding=(\d+), bias=False\)/.exec(py)!.slice(1).map(Number);
  const bn1 = Number(/self\.bn1 = nn\.BatchNorm2d\((\d+)\)/.exec(py)![1]);
  const fcIn = Number(/self\.fc = nn\.Linear\((\d+), num_classes\)/.exec(py)![1]);
  const classes = Number(/model = NarrowResNet18\(num_classes=(\d+)\)/.exec(py)![1]);
  return { widths, conv1, bn1, fcIn, classes };
}

async function exported(cfg: Parameters<typeof createResNet18>[0]): Promise<Entry[]> {
  const m = createResNet18(cfg);
  const n = tf.memory().numTensors;
  const file = parseSafetensors(await exportTorchvision(m));
  expect(tf.memory().numTensors).toBe(n);
  disposeResNet18(m);
  return [...file.tensors].map(([k, t]) => [k, t.shape, t.dtype as 'F32' | 'I64']);
}

const sorted = (e: Entry[]) => [...e].sort((a, b) => a[0].localeCompare(b[0]));

describe('torchvisionPython', () => {
  it('width 1/4, CIFAR stem, 10 classes: the printed class gives the widths 16/32/64/128 a 3×3/1 stem and fc 128 → 10', () => {
    const py = torchvisionPython(makeConfig({ variant: 'cifar', widthMultiplier: 0.25 }), 'w.safetensors');
    const r = readNarrow(py);
    expect(r.widths).toEqual([16, 32, 64, 128]);
    expect(r.conv1).toEqual([16, 3, 1, 1]);
    expect([r.bn1, r.fcIn, r.classes]).toEqual([16, 128, 10]);
    expect(py).toContain('self.maxpool = nn.Identity()');
    expect(py).toContain('super().__init__(BasicBlock, [2, 2, 2, 2], num_classes=num_classes)');
    expect(py).toContain('model.load_state_dict(load_file("w.safetensors"))');
  });

  it.each([
    ['cifar', 0.25, 10], ['imagenet', 0.25, 7], ['cifar', 0.125, 10], ['imagenet', 0.5, 1000],
  ] as const)('%s width %d, %d classes: the exported names, shapes and dtypes equal that module\'s state_dict', async (variant, width, classes) => {
    const cfg = { variant, widthMultiplier: width, numClasses: classes };
    const r = readNarrow(torchvisionPython(makeConfig(cfg), 'w.safetensors'));
    expect(r.conv1[1]).toBe(variant === 'imagenet' ? 7 : 3);
    expect(r.bn1).toBe(r.conv1[0]);
    expect(r.widths[0]).toBe(r.conv1[0]); // _make_layer(64) sets inplanes = WIDTHS[64] = conv1's output
    const want = torchvisionStateDict({ out: r.conv1[0], k: r.conv1[1] }, r.widths, r.fcIn, r.classes);
    expect(want).toHaveLength(20 + 20 * 5 + 2); // 20 conv weights (3 of them downsample), 20 BNs of 5 entries, fc
    expect(sorted(await exported(cfg))).toEqual(sorted(want));
  });

  it('at width 1/4 the hand-written list has the shapes stated in words: layer2.0.downsample.0 is [32, 16, 1, 1], fc [10, 128]', () => {
    const want = new Map(torchvisionStateDict({ out: 16, k: 3 }, [16, 32, 64, 128], 128, 10).map(([k, s]) => [k, s]));
    expect(want.get('layer2.0.downsample.0.weight')).toEqual([32, 16, 1, 1]);
    expect(want.get('layer4.1.conv2.weight')).toEqual([128, 128, 3, 3]);
    expect(want.has('layer1.0.downsample.0.weight')).toBe(false);
    expect(want.get('fc.weight')).toEqual([10, 128]);
  });

  it('width 1: stock torchvision.models.resnet18, and for the CIFAR stem conv1 and maxpool replaced', async () => {
    const imagenet = torchvisionPython(makeConfig({ variant: 'imagenet' }), 'w.safetensors');
    expect(imagenet).toContain('model = torchvision.models.resnet18(num_classes=1000)');
    expect(imagenet).not.toContain('class ');
    const cifar = torchvisionPython(makeConfig({ variant: 'cifar' }), 'w.safetensors');
    expect(cifar).toContain('model.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)');
    expect(cifar).toContain('model.maxpool = nn.Identity()');
    const want = torchvisionStateDict({ out: 64, k: 3 }, [64, 128, 256, 512], 512, 10);
    expect(sorted(await exported({ variant: 'cifar' }))).toEqual(sorted(want));
  });
});
