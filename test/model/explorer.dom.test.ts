/**
 * The explorer's forward pass over the loaded-model store, on a tiny width-1/8 ResNet-18: what the page shows
 * (top-5, a layer's maps, Grad-CAM) must equal the nn core run directly on the same preprocessed picture with
 * the same weights, with softmax/top-5 recomputed here in float64; loads re-run the kept picture with the new
 * weights, labels and preprocessing; a lost context rebuilds; nothing leaks.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import { ForwardPass } from '../../src/lib/model/ForwardPass.svelte';
import { createResNet18, disposeResNet18, exportTorchvision, forward, gradCam, preprocess, toInputTensor, RESNET18_PREPROCESS, type PreprocessConfig, type ResNet18 } from '../../src/lib/nn';
import { backend } from '../../src/lib/state/Backend.svelte';

const TINY = { config: { widthMultiplier: 1 / 8, inputSize: 64, numClasses: 10 }, preprocess: { ...RESNET18_PREPROCESS, shortestEdge: 64 } };
const NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function picture(w: number, h: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([(i * 7) % 256, (i * 13) % 256, (i * 3) % 256, 255], i * 4);
  return { width: w, height: h, data };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** What the page should show, from the core directly: logits → float64 softmax → top-5; a layer; Grad-CAM of the best class. */
async function reference(m: ResNet18, img: ReturnType<typeof picture>, cfg: PreprocessConfig, layer: string) {
  const x = toInputTensor(preprocess(img, cfg));
  const r = forward(m, x, { taps: [layer, 'stage4.block2.relu2'] });
  const logits = Array.from(await r.logits.data());
  const max = Math.max(...logits);
  const z = logits.reduce((a, v) => a + Math.exp(v - max), 0);
  const top = logits.map((v, i) => ({ index: i, prob: Math.exp(v - max) / z })).sort((a, b) => b.prob - a.prob).slice(0, 5);
  const map = await r.activations.get(layer)!.data();
  const side = x.shape[1];
  const cam = gradCam(m, r.activations.get('stage4.block2.relu2') as tf.Tensor4D, top[0].index, [side, side]);
  const camData = await cam.data();
  tf.dispose([x, r.logits, cam, ...r.activations.values()]);
  return { top, map, cam: camData };
}

function expectShown(pass: ForwardPass, want: Awaited<ReturnType<typeof reference>>, names: string[] | null) {
  expect(pass.top.map((t) => t.index)).toEqual(want.top.map((t) => t.index));
  for (let i = 0; i < 5; i++) {
    expect(Math.abs(pass.top[i].prob - want.top[i].prob)).toBeLessThan(1e-6);
    expect(pass.top[i].label).toBe(names ? names[want.top[i].index] : `class ${want.top[i].index}`);
  }
  expect(maxAbsDiff(pass.featureMap!.data, want.map)).toBeLessThan(1e-5);
  expect(pass.camClass).toBe(want.top[0].index);
  expect(maxAbsDiff(pass.cam!, want.cam)).toBeLessThan(1e-5);
}

const file = (body: BlobPart, name: string) => new File([body], name);
const json = (v: unknown, name: string) => file(JSON.stringify(v), name);

beforeAll(async () => { await tf.setBackend('cpu'); });

describe('the forward pass over the loaded model', () => {
  it('shows the core’s top-5, maps and Grad-CAM of the untrained model, reads every layer and gradient, and leaks nothing', async () => {
    const baseline = tf.memory().numTensors;
    const model = new LoadedModel(TINY);
    const pass = new ForwardPass(model);
    const img = picture(100, 80);
    await pass.setPicture(img, 'synthetic');
    expect(pass.error).toBeNull();
    expect(pass.picture.current!.resized.height).toBe(73); // int(64 / 0.875)
    expect(pass.featureMap!.shape).toEqual([32, 32, 8]);
    expect(pass.warmup).toBe(true);
    const seeded = createResNet18(TINY.config); // the store's init is the core's seeded default
    expectShown(pass, await reference(seeded, img, TINY.preprocess, 'stem.conv'), null);
    disposeResNet18(seeded);

    const held = tf.memory().numTensors;
    for (const l of model.resnet.graph) await pass.showLayer(l.name);
    expect(pass.featureMap).toBeNull(); // head.fc is a vector, not maps
    for (const t of pass.top) await pass.showCam(t.index);
    expect(pass.cam!.length).toBe(64 * 64);
    await pass.showSaliency();
    expect(pass.saliencyMap!.length).toBe(64 * 64);
    expect(tf.memory().numTensors).toBe(held); // reading layers and gradients keeps nothing
    await pass.run();
    expect(pass.warmup).toBe(false);
    expect(tf.memory().numTensors).toBe(held); // a new pass replaces the old one
    pass.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('a newer layer pick wins over one still being read, and refresh() does not recompute an up-to-date pass', async () => {
    const model = new LoadedModel(TINY);
    const pass = new ForwardPass(model);
    await pass.setPicture(picture(64, 64), 'synthetic');
    const first = pass.top;
    void pass.showLayer('stage1.block1.conv1');
    await pass.showLayer('stage3.block1.conv1');
    expect(pass.layer).toBe('stage3.block1.conv1');
    expect(pass.featureMap!.shape).toEqual([4, 4, 32]);
    await pass.refresh();
    expect(pass.top).toBe(first); // same array: no new pass
    pass.dispose();
    model.dispose();
  });

  it('re-runs the kept picture with loaded weights, their class names and their preprocessing, all from one load', async () => {
    const src = createResNet18(TINY.config, { seed: 99 });
    const bytes = await exportTorchvision(src);
    const model = new LoadedModel(TINY);
    const pass = new ForwardPass(model);
    const img = picture(90, 70);
    await pass.setPicture(img, 'synthetic');
    const pre = { size: { shortest_edge: 48 }, crop_pct: 0.875, resample: 3, image_mean: [0.5, 0.4, 0.3], image_std: [0.25, 0.2, 0.3] };
    const ok = await model.loadFiles([file(bytes as BlobPart, 'resnet18.safetensors'),
      json({ id2label: Object.fromEntries(NAMES.map((n, i) => [String(i), n])) }, 'config.json'), json(pre, 'preprocessor_config.json')]);
    expect(ok).toBe(true);
    await pass.refresh(); // queued behind the re-run the load triggered
    expect(model.source).toBe('file');
    expect(pass.picture.current!.shape).toEqual([1, 48, 48, 3]);
    const cfg: PreprocessConfig = { shortestEdge: 48, cropPct: 0.875, rescale: 1 / 255, mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3] };
    expectShown(pass, await reference(src, img, cfg, 'stem.conv'), NAMES);

    const shown = pass.top;
    expect(await model.loadFiles([file(new Uint8Array(10), 'broken.safetensors')])).toBe(false);
    await pass.refresh();
    expect(pass.top).toBe(shown); // a failed load changes nothing the page shows
    disposeResNet18(src);
    pass.dispose();
    model.dispose();
  });

  it('after a backend restart that lost the weights, rebuilds random weights, says so, drops their labels and preprocessing, and runs again', async () => {
    const baseline = tf.memory().numTensors;
    const model = new LoadedModel(TINY);
    const pass = new ForwardPass(model);
    const src = createResNet18(TINY.config, { seed: 7 });
    await model.loadFiles([file((await exportTorchvision(src)) as BlobPart, 'w.safetensors'),
      json({ id2label: Object.fromEntries(NAMES.map((n, i) => [String(i), n])) }, 'config.json'),
      json({ size: { shortest_edge: 48 }, crop_pct: 0.875 }, 'preprocessor_config.json')]);
    disposeResNet18(src);
    const img = picture(90, 90);
    await pass.setPicture(img, 'synthetic');
    expect(pass.top[0].label).toMatch(/^[a-z]+$/);
    for (const v of model.resnet.params.values()) v.dispose(); // what a lost WebGL context does to GPU weights
    backend.generation += 1;
    await pass.refresh();
    expect(model.error).toMatch(/graphics context was lost/);
    expect(model.source).toBe('random');
    expect(model.labels).toBeNull();
    expect(pass.picture.current!.shape).toEqual([1, 64, 64, 3]);
    const seeded = createResNet18(TINY.config);
    expectShown(pass, await reference(seeded, img, TINY.preprocess, 'stem.conv'), null);
    disposeResNet18(seeded);
    pass.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
