/**
 * The lesson's model work in Node (wasm) on the HF fixture: the student model takes every backbone tensor from the
 * page's weights, pictures are preprocessed as the Run it pipeline does, a prediction equals softmax of the whole
 * model's logits, and nothing leaks. Also: the Python lines, the example set, and every number the lesson's words
 * state (checked against the cache code, the model's parameter count and the fixture files' sizes).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { statSync } from 'node:fs';
import path from 'node:path';
import { useBackend } from '../../helpers/tfNode';
import { readFixture, fixtureRoot } from '../../helpers/fixtures';
import { createResNet18, disposeResNet18, forward, parseSafetensors, preprocess, RESNET18_PREPROCESS, type ResNet18 } from '../../../src/lib/nn';
import { loadPretrained } from '../../../src/lib/train/finetune';
import { rowSize, cacheBytes } from '../../../src/lib/train/featureCache';
import { buildStudent, pictureBatch, predictOne } from '../../../lessons/teach-it/teachModel';
import { pythonLines } from '../../../lessons/teach-it/exportLines';
import { makeExampleSet, EXAMPLE_CLASSES } from '../../../lessons/teach-it/exampleSet';
import lesson from '../../../lessons/teach-it/lesson';
import type { WeightArrays } from '../../../lessons/teach-it/teachProtocol';

let source: ResNet18;
let weights: WeightArrays;
const SIDE = 64;
const rgb = Uint8Array.from({ length: 2 * SIDE * SIDE * 3 }, (_, i) => (i * 37 + (i >> 7)) % 256);

beforeAll(async () => {
  await useBackend('wasm');
  source = createResNet18({ numClasses: 1000 });
  loadPretrained(source, parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors);
  weights = { names: [], shapes: [], data: [] };
  for (const [n, v] of [...source.params, ...source.buffers]) {
    if (n.startsWith('head.fc.')) continue;
    weights.names.push(n); weights.shapes.push(v.shape.slice()); weights.data.push((await v.data()) as Float32Array);
  }
});
afterAll(() => disposeResNet18(source));

describe('the student model', () => {
  it('holds every backbone tensor of the given weights and a K-class head', async () => {
    const m = buildStudent(weights, 3);
    expect(m.params.get('head.fc.weight')!.shape).toEqual([512, 3]);
    for (const n of ['stem.conv.weight', 'stage4.block2.bn2.runningVar', 'stage2.block1.shortcut.conv.weight']) {
      expect(await (m.params.get(n) ?? m.buffers.get(n))!.data()).toEqual(await (source.params.get(n) ?? source.buffers.get(n))!.data());
    }
    disposeResNet18(m);
  });

  it('refuses weights that are not a ResNet-18, in plain words, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const bad = { ...weights, shapes: weights.shapes.map((s, i) => (i === 0 ? [3, 3, 3, 64] : s)) };
    expect(() => buildStudent(bad, 3)).toThrow(/no tensor 'stem\.conv\.weight' of shape \[7,7,3,64\]/);
    expect(tf.memory().numTensors).toBe(before + 0);
  });
});

describe('pictures and predictions', () => {
  it('preprocesses RGB pictures exactly as the Run it pipeline does their RGBA', async () => {
    const b = pictureBatch({ rgb, labels: new Uint8Array(2), side: SIDE }, 1, 2, 56);
    const rgba = new Uint8ClampedArray(SIDE * SIDE * 4);
    for (let k = 0; k < SIDE * SIDE; k++) { rgba.set(rgb.subarray((SIDE * SIDE + k) * 3, (SIDE * SIDE + k) * 3 + 3), k * 4); rgba[k * 4 + 3] = 255; }
    const want = preprocess({ width: SIDE, height: SIDE, data: rgba }, { ...RESNET18_PREPROCESS, shortestEdge: 56 }).pixels;
    expect(b.shape).toEqual([1, 56, 56, 3]);
    expect(await b.data()).toEqual(want);
    b.dispose();
  });

  it('predicts softmax of the whole model in eval mode, with a Grad-CAM of the crop size, leaving no tensors', async () => {
    const m = buildStudent(weights, 3);
    const pics = { rgb: rgb.slice(0, SIDE * SIDE * 3), labels: new Uint8Array(1), side: SIDE };
    const before = tf.memory().numTensors;
    const p = await predictOne(m, pics, 56, null);
    expect(tf.memory().numTensors).toBe(before);
    const x = pictureBatch(pics, 0, 1, 56);
    const { logits } = forward(m, x);
    const l = await logits.data();
    const mx = Math.max(...l);
    const e = Array.from(l, (v) => Math.exp(v - mx));
    const want = e.map((v) => v / e.reduce((a, c) => a + c, 0));
    p.probs.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    expect(p.camClass).toBe(want.indexOf(Math.max(...want)));
    expect(p.heat.length).toBe(56 * 56);
    expect(p.crop.length).toBe(56 * 56 * 3);
    tf.dispose([x, logits]);
    disposeResNet18(m);
  });
});

describe('the recap answers', () => {
  const recap = () => lesson.steps.at(-1)!.cells.map((c) => (c.kind === 'text' ? c.md : '')).join('');

  it('counts what a 6-class head trains and the whole network holds', () => {
    const m = createResNet18({ numClasses: 6 });
    const head = m.params.get('head.fc.weight')!.size + m.params.get('head.fc.bias')!.size;
    let all = 0;
    for (const v of m.params.values()) all += v.size;
    disposeResNet18(m);
    expect(recap()).toContain(`$3{,}072 + 6 = ${head.toLocaleString('en-US').replace(',', '{,}')}$ numbers — out of about ${(all / 1e6).toFixed(1)} M`);
  });

  it('sizes the 160 px stage-3 cache as one real pass gives it', async () => {
    const x = tf.zeros([1, 160, 160, 3]) as tf.Tensor4D;
    const r = forward(source, x, { taps: ['stage3'] });
    const s3 = r.activations.get('stage3')!;
    expect(s3.size).toBe(rowSize('stage3', 160));
    expect(recap()).toContain(`$${s3.shape[1]} \\times ${s3.shape[2]} \\times ${s3.shape[3]} = ${s3.size.toLocaleString('en-US').replace(',', '{,}')}$ floats (${s3.size * 4 / 1024} KB)`);
    tf.dispose([x, r.logits, s3]);
  });
});

describe('export lines, example set and the lesson words', () => {
  it('loads the export with the exact torchvision constructor and the same preprocessing', () => {
    const py = pythonLines(['cup', 'pen', 'hand'], 160);
    expect(py).toContain('model = torchvision.models.resnet18(num_classes=3)');
    expect(py).toContain('model.load_state_dict(load_file("teach-it-resnet18.safetensors"))');
    expect(py).toContain('transforms.Resize(182, interpolation=transforms.InterpolationMode.BICUBIC)');
    expect(py).toContain('transforms.CenterCrop(160)');
    expect(pythonLines(['a', 'b'], 224)).toContain('transforms.Resize(256,');
  });

  it('makes four balanced classes of distinct pictures', () => {
    const d = makeExampleSet(3, 32);
    expect(d.classNames).toEqual([...EXAMPLE_CLASSES]);
    expect(Array.from(d.labels).sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const px = 32 * 32 * 3;
    const first = d.images.subarray(0, px);
    expect(d.images.subarray(px, 2 * px)).not.toEqual(first);
  });

  it('states only numbers that the cache code, the model and the fixture files give', () => {
    const words = lesson.steps.slice(0, -1).flatMap((s) => s.cells.map((c) => (c.kind === 'text' ? c.md : ''))).join('\n');
    const stage3 = rowSize('stage3', 224);
    expect(words).toContain(`**${stage3.toLocaleString('en-US')} floats (${Math.round(stage3 * 4 / 1024)} KB)** instead of ${rowSize('head.gap', 224)} (${rowSize('head.gap', 224) * 4 / 1024} KB)`);
    expect(words).toContain(`about ${stage3 / 512}× the memory`);
    expect(words).toContain(`200 pictures: ${Math.round(cacheBytes('stage3', 200, 224) / 1e6)} MB instead of ${(cacheBytes('head.gap', 200, 224) / 1e6).toFixed(1)} MB`);
    let s4 = 0, all = 0;
    for (const [n, v] of source.params) { all += v.size; if (n.startsWith('stage4.')) s4 += v.size; }
    expect(words).toContain(`Stage 4 (${(s4 / 1e6).toFixed(1)} M of the ${(all / 1e6).toFixed(1)} M parameters)`);
    const size = (f: string) => statSync(path.join(fixtureRoot(), 'resnet18/hf', f)).size;
    expect(words).toContain(`\`config.json\` (about ${Math.round(size('config.json') / 1e4) * 10} KB`);
    expect(size('preprocessor_config.json')).toBeLessThan(1000);
    expect(words).toContain(`\`model.safetensors\` (about ${(size('model.safetensors') / 1e6).toFixed(1)} MB)`);
    expect(words).toContain(`$(224/160)^2 \\approx ${Math.round((224 / 160) ** 2)}$× and $(224/128)^2 \\approx ${Math.round((224 / 128) ** 2)}$×`);
  });
});
