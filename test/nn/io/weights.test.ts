import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { readFixture, readFixtureJson } from '../../helpers/fixtures';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../../src/lib/nn/resnet18';
import { parseSafetensors, toFloat32, type SafeTensor } from '../../../src/lib/nn/io/safetensors';
import { loadWeights, exportTorchvision, parseHfConfig, WeightsError, type LoadReport } from '../../../src/lib/nn/io/weights';
import { checkpointName, checkpointShape, oihwToHwio, hwioToOihw, transpose2d } from '../../../src/lib/nn/io/weightNames';

let tf: typeof tfType;
let hf: Map<string, SafeTensor>;
let cifar: Map<string, SafeTensor>;
beforeAll(async () => {
  tf = await useBackend('wasm');
  hf = parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors;
  cifar = parseSafetensors(readFixture('resnet18/cifar/init.safetensors')).tensors;
});

/** Every model variable's values, keyed by model name. */
async function snapshot(m: ResNet18): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of [...m.params, ...m.buffers]) out.set(k, (await v.data()).slice() as Float32Array);
  return out;
}

function expectSame(a: Map<string, Float32Array>, b: Map<string, Float32Array>): void {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [k, v] of a) expect(b.get(k)!.every((x, i) => Object.is(x, v[i])), k).toBe(true);
}

/** Loading must throw WeightsError; returns its report and message. */
function loadError(m: ResNet18, t: Map<string, SafeTensor>): { report: LoadReport; message: string } {
  try {
    loadWeights(m, t);
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsError);
    return { report: (e as WeightsError).report, message: (e as Error).message };
  }
  throw new Error('expected loadWeights to throw');
}

describe('layout conversions agree with naive index formulas', () => {
  it('OIHW → HWIO is the transpose [2,3,1,0]; HWIO → OIHW inverts it; [out,in] → [in,out]', () => {
    const [O, I, H, W] = [3, 2, 4, 5];
    const src = Float32Array.from({ length: O * I * H * W }, (_, k) => k * 0.5 - 7);
    const hwio = oihwToHwio(src, [O, I, H, W]);
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
      expect(hwio[h * W * I * O + w * I * O + i * O + o]).toBe(src[o * I * H * W + i * H * W + h * W + w]);
    }
    expect(Array.from(hwioToOihw(hwio, [H, W, I, O]))).toEqual(Array.from(src));
    const m = Float32Array.from([1, 2, 3, 4, 5, 6]);  // [[1,2,3],[4,5,6]]
    expect(Array.from(transpose2d(m, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('name mapping covers the real checkpoints exactly', () => {
  it('every model tensor has its HF and torchvision name in the fixtures, and nothing else is left but num_batches_tracked', () => {
    const check = (m: ResNet18, file: Map<string, SafeTensor>, format: 'hf' | 'torchvision') => {
      const names = [...m.params.keys(), ...m.buffers.keys()].map((n) => checkpointName(n, format)!);
      for (const n of names) expect(file.has(n), n).toBe(true);
      const rest = [...file.keys()].filter((k) => !names.includes(k));
      expect(rest.every((k) => k.endsWith('.num_batches_tracked'))).toBe(true);
      expect(rest.length).toBe(20);
    };
    const a = createResNet18({ variant: 'imagenet', widthMultiplier: 1 / 16 });
    const b = createResNet18({ variant: 'cifar', widthMultiplier: 1 / 16 });
    check(a, hf, 'hf');
    check(b, cifar, 'torchvision');
    disposeResNet18(a);
    disposeResNet18(b);
  });
});

describe('loadWeights', () => {
  it('loads the HF checkpoint into an ImageNet model with HWIO and [in,out] layouts, leaking nothing', async () => {
    const m = createResNet18({ variant: 'imagenet' });
    const before = tf.memory().numTensors;
    const report = loadWeights(m, hf);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.format).toBe('hf');
    expect(report.loaded.length).toBe(102);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
    const file = toFloat32(hf.get('resnet.embedder.embedder.convolution.weight')!);  // [64,3,7,7]
    const w = await m.params.get('stem.conv.weight')!.data();                           // [7,7,3,64]
    for (const [o, i, h, x] of [[0, 0, 0, 0], [63, 2, 6, 6], [17, 1, 3, 5]]) {
      expect(w[((h * 7 + x) * 3 + i) * 64 + o]).toBe(file[((o * 3 + i) * 7 + h) * 7 + x]);
    }
    const fc = toFloat32(hf.get('classifier.1.weight')!);                               // [1000,512]
    const fw = await m.params.get('head.fc.weight')!.data();                            // [512,1000]
    expect(fw[5 * 1000 + 999]).toBe(fc[999 * 512 + 5]);
    const rv = toFloat32(hf.get('resnet.encoder.stages.3.layers.1.layer.1.normalization.running_var')!);
    expect(Array.from(await m.buffers.get('stage4.block2.bn2.runningVar')!.data())).toEqual(Array.from(rv));
    const sc = toFloat32(hf.get('resnet.encoder.stages.1.layers.0.shortcut.normalization.weight')!);
    expect(Array.from(await m.params.get('stage2.block1.shortcut.bn.gamma')!.data())).toEqual(Array.from(sc));
    disposeResNet18(m);
  });

  it('loads torchvision names (also with a DataParallel "module." prefix) into a CIFAR model', async () => {
    const m = createResNet18({ variant: 'cifar' });
    const prefixed = new Map([...cifar].map(([k, v]) => [`module.${k}`, v]));
    const report = loadWeights(m, prefixed);
    expect(report.format).toBe('torchvision');
    expect(report.loaded.length).toBe(102);
    expect(report.unexpected).toEqual([]);
    const file = toFloat32(cifar.get('layer3.0.downsample.0.weight')!);  // [256,128,1,1]
    const w = await m.params.get('stage3.block1.shortcut.conv.weight')!.data();  // [1,1,128,256]
    expect(w[7 * 256 + 200]).toBe(file[200 * 128 + 7]);
    disposeResNet18(m);
  });

  it('a CIFAR checkpoint in an ImageNet model names the mismatches and leaves the model unchanged', async () => {
    const m = createResNet18({ variant: 'imagenet' });
    const before = await snapshot(m);
    const n = tf.memory().numTensors;
    const { report, message } = loadError(m, cifar);
    expect(tf.memory().numTensors).toBe(n);
    expect(report.format).toBe('torchvision');
    expect(report.mismatched).toEqual([
      { name: 'conv1.weight', expected: [64, 3, 7, 7], got: [64, 3, 3, 3] },
      { name: 'fc.weight', expected: [1000, 512], got: [10, 512] },
      { name: 'fc.bias', expected: [1000], got: [10] },
    ]);
    expect(report.missing).toEqual([]);
    expect(message).toMatch(/stem is 3×3 \(CIFAR variant\), the model's 7×7/);
    expect(message).toMatch(/the checkpoint has 10 classes, the model 1000/);
    expect(message).toMatch(/Nothing was loaded/);
    expectSame(before, await snapshot(m));
    disposeResNet18(m);
  });

  it('a full-width checkpoint in a width-½ model is refused whole; the model keeps its weights', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.5 });
    const before = await snapshot(m);
    const { report, message } = loadError(m, cifar);
    expect(report.mismatched.length).toBe(101);  // all but fc.bias ([10] either way)
    expect(report.mismatched[0]).toEqual({ name: 'conv1.weight', expected: [32, 3, 3, 3], got: [64, 3, 3, 3] });
    expect(message).toMatch(/stem has 64 channels \(width ×1\), the model's 32/);
    expectSame(before, await snapshot(m));
    disposeResNet18(m);
  });

  it('reports missing, unexpected and invalid tensors by name', async () => {
    const m = createResNet18({ variant: 'cifar' });
    const before = await snapshot(m);
    const partial = new Map(cifar);
    partial.delete('layer2.1.bn2.running_var');
    partial.delete('fc.bias');
    partial.set('layer5.0.conv1.weight', cifar.get('conv1.weight')!);
    const nan = { ...cifar.get('bn1.weight')!, bytes: cifar.get('bn1.weight')!.bytes.slice() };
    new DataView(nan.bytes.buffer).setFloat32(8, NaN, true);
    partial.set('bn1.weight', nan);
    partial.set('bn1.bias', { dtype: 'I32', shape: [64], bytes: new Uint8Array(256) });
    const { report, message } = loadError(m, partial);
    expect(report.missing).toEqual(['fc.bias', 'layer2.1.bn2.running_var']);
    expect(report.unexpected).toEqual(['layer5.0.conv1.weight']);
    expect(report.invalid).toEqual([
      { name: 'bn1.weight', reason: 'value NaN at element 2' },
      { name: 'bn1.bias', reason: 'dtype I32, expected a float type' },
    ]);
    expect(message).toMatch(/2 missing: fc\.bias, layer2\.1\.bn2\.running_var/);
    expectSame(before, await snapshot(m));
    // extra tensors alone are reported but do not stop a load
    const extra = new Map(cifar);
    extra.set('optimizer.step', { dtype: 'I64', shape: [], bytes: new Uint8Array(8) });
    expect(loadWeights(m, extra).unexpected).toEqual(['optimizer.step']);
    disposeResNet18(m);
  });

  it('a file naming one tensor twice (conv1.weight and module.conv1.weight) is refused, naming both keys', async () => {
    const m = createResNet18({ variant: 'cifar' });
    const before = await snapshot(m);
    const both = new Map(cifar);
    const other = { ...cifar.get('conv1.weight')!, bytes: new Uint8Array(cifar.get('conv1.weight')!.bytes.length) };
    both.set('module.conv1.weight', other);
    const { report, message } = loadError(m, both);
    expect(report.ambiguous).toEqual([{ name: 'conv1.weight', keys: ['conv1.weight', 'module.conv1.weight'] }]);
    expect(message).toMatch(/conv1\.weight is in the file twice \(as conv1\.weight and module\.conv1\.weight\)/);
    expect(message).toMatch(/Nothing was loaded/);
    expectSame(before, await snapshot(m));
    // the HF short form of a bare ResNetModel collides with its prefixed name too
    const hfBoth = new Map(hf);
    hfBoth.set('embedder.embedder.convolution.weight', hf.get('resnet.embedder.embedder.convolution.weight')!);
    const m2 = createResNet18({ variant: 'imagenet' });
    expect(loadError(m2, hfBoth).report.ambiguous[0].keys).toEqual(['resnet.embedder.embedder.convolution.weight', 'embedder.embedder.convolution.weight']);
    disposeResNet18(m);
    disposeResNet18(m2);
  });

  it('accepts F16 and BF16 checkpoints (converted to float32)', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 1 / 16 });
    const half = new Map<string, SafeTensor>();
    for (const [k, v] of [...m.params, ...m.buffers]) {
      const shape = checkpointShape(v.shape);
      const bf16 = k.endsWith('.runningVar');
      // F16 0xb800 = -0.5, 0x3c00 = 1; BF16 0x4040 = 3
      const u16 = new Uint16Array(v.size).map((_, i) => (bf16 ? 0x4040 : i % 2 ? 0x3c00 : 0xb800));
      half.set(checkpointName(k, 'torchvision')!, { dtype: bf16 ? 'BF16' : 'F16', shape, bytes: new Uint8Array(u16.buffer) });
    }
    loadWeights(m, half);
    const rv = m.buffers.get('stem.bn.runningVar')!;
    expect(Array.from(await rv.data())).toEqual(new Array(rv.size).fill(3));
    expect(Array.from((await m.params.get('stem.bn.gamma')!.data()).slice(0, 4))).toEqual([-0.5, 1, -0.5, 1]);
    disposeResNet18(m);
  });
});

describe('exportTorchvision', () => {
  it('writes the torchvision state-dict names and shapes of the fixture, F32, with I64 num_batches_tracked', async () => {
    const m = createResNet18({ variant: 'cifar' });
    const n = tf.memory().numTensors;
    const file = parseSafetensors(await exportTorchvision(m));
    expect(tf.memory().numTensors).toBe(n);
    expect([...file.tensors.keys()].sort()).toEqual([...cifar.keys()].sort());
    for (const [k, t] of cifar) {
      expect(file.tensors.get(k)!.shape, k).toEqual(t.shape);
      expect(file.tensors.get(k)!.dtype, k).toBe(t.dtype);
    }
    expect(JSON.parse(file.metadata['resnet18-notebook.config'])).toEqual(m.config);
    const hwio = await m.params.get('stage2.block1.conv1.weight')!.data();  // [3,3,64,128]
    const oihw = toFloat32(file.tensors.get('layer2.0.conv1.weight')!);                         // [128,64,3,3]
    expect(oihw[((100 * 64 + 3) * 3 + 2) * 3 + 1]).toBe(hwio[((2 * 3 + 1) * 64 + 3) * 128 + 100]);
    disposeResNet18(m);
  });

  it('export → import gives identical tensors', async () => {
    const a = createResNet18({ variant: 'imagenet', widthMultiplier: 0.25, numClasses: 7 }, { seed: 1 });
    const b = createResNet18({ variant: 'imagenet', widthMultiplier: 0.25, numClasses: 7 }, { seed: 2 });
    // make the BN buffers non-trivial so the round trip is not 0 → 0, 1 → 1
    for (const [k, v] of a.buffers) v.assign(tf.tidy(() => tf.randomUniform(v.shape, 0.5, 2, 'float32', k.length)));
    const bytes = await exportTorchvision(a, { numBatchesTracked: 5 });
    const parsed = parseSafetensors(bytes).tensors;
    expect(toFloat32(parsed.get('layer1.0.bn1.num_batches_tracked')!)[0]).toBe(5);
    const report = loadWeights(b, parsed);
    expect(report.unexpected).toEqual([]);
    expectSame(await snapshot(a), await snapshot(b));
    disposeResNet18(a);
    disposeResNet18(b);
  });
});

describe('parseHfConfig', () => {
  it('reads the 1000 ImageNet class names of microsoft/resnet-18, repeats included', () => {
    const { numClasses, id2label } = parseHfConfig(readFixtureJson('resnet18/hf/config.json'));
    expect(numClasses).toBe(1000);
    expect(id2label).toHaveLength(1000);
    expect(id2label[0]).toBe('tench, Tinca tinca');
    expect(id2label[134]).toBe('crane');
    expect(id2label[517]).toBe('crane');
    expect(id2label.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
  });

  it('rejects configs without usable class names', () => {
    expect(() => parseHfConfig([])).toThrow(/must be a JSON object/);
    expect(() => parseHfConfig({ num_labels: 2 })).toThrow(/no id2label/);
    expect(() => parseHfConfig({ id2label: { 0: 'a', 2: 'b' } })).toThrow(/key '2' is not a class id in 0\.\.1/);
    expect(() => parseHfConfig({ id2label: { 0: 'a', 1: 3 } })).toThrow(/id2label\['1'\] must be a string/);
    expect(() => parseHfConfig({ id2label: { 0: 'a' }, num_labels: 2 })).toThrow(/num_labels is 2 but id2label has 1/);
    expect(parseHfConfig({ id2label: { 1: 'b', 0: 'a' } })).toEqual({ numClasses: 2, id2label: ['a', 'b'] });
  });
});
