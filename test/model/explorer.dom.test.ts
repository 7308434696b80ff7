import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Explorer } from '../../src/lib/model/Explorer.svelte';
import { RESNET18_PREPROCESS } from '../../src/lib/nn/preprocess';
import { createResNet18, disposeResNet18, exportTorchvision } from '../../src/lib/nn';
import { backend } from '../../src/lib/state/Backend.svelte';

const TINY = { config: { widthMultiplier: 1 / 8, inputSize: 64, numClasses: 10 }, preprocess: { ...RESNET18_PREPROCESS, shortestEdge: 64 } };

function picture(w: number, h: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([(i * 7) % 256, (i * 13) % 256, (i * 3) % 256, 255], i * 4);
  return { width: w, height: h, data };
}

beforeAll(async () => { await tf.setBackend('cpu'); });

describe('Explorer state', () => {
  it('runs an untrained model, reads every layer, Grad-CAM for all top-5 and saliency, and leaks nothing', async () => {
    const baseline = tf.memory().numTensors;
    const ex = new Explorer(TINY);
    expect(ex.weights).toBe('random');
    await ex.setPicture(picture(100, 80), 'synthetic');
    expect(ex.error).toBeNull();
    expect(ex.picture!.resized.height).toBe(73); // int(64 / 0.875)
    expect(ex.top.length).toBe(5);
    expect(ex.top[0].label).toBe(`class ${ex.top[0].index}`);
    expect(ex.latencyMs).toBeGreaterThan(0);
    expect(ex.warmup).toBe(true);
    expect(ex.featureMap!.shape).toEqual([32, 32, 8]);
    const held = tf.memory().numTensors;
    for (const l of ex.model.graph) await ex.showLayer(l.name);
    for (const t of ex.top) await ex.showCam(t.index);
    expect(ex.cam!.length).toBe(64 * 64);
    await ex.showSaliency();
    expect(ex.saliencyMap!.length).toBe(64 * 64);
    expect(tf.memory().numTensors).toBe(held); // reading layers and gradients keeps nothing
    await ex.run();
    expect(ex.warmup).toBe(false);
    expect(tf.memory().numTensors).toBe(held); // a new pass replaces the old one
    ex.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('loads a dropped torchvision-named checkpoint and rejects a broken one with a message', async () => {
    const src = createResNet18(TINY.config, { seed: 99 });
    const bytes = await exportTorchvision(src);
    const want = await src.params.get('stem.conv.weight')!.data();
    disposeResNet18(src);
    const ex = new Explorer(TINY);
    await ex.loadFiles([new File([new Uint8Array(10)], 'broken.safetensors')]);
    expect(ex.error).toMatch(/^broken\.safetensors: header length 0 bytes/);
    expect(ex.weights).toBe('random');
    await ex.loadFiles([new File([bytes as BlobPart], 'resnet18.safetensors')]);
    expect(ex.error).toBeNull();
    expect(ex.weights).toBe('pretrained');
    expect(ex.weightsLabel).toMatch(/torchvision names .*no class names/);
    expect(Array.from(await ex.model.params.get('stem.conv.weight')!.data())).toEqual(Array.from(want));
    ex.dispose();
  });

  it('after a backend restart that lost the weights, rebuilds the model, says so, and runs again', async () => {
    const ex = new Explorer(TINY);
    await ex.setPicture(picture(90, 90), 'synthetic');
    for (const v of ex.model.params.values()) v.dispose(); // what a lost WebGL context does to GPU weights
    backend.generation += 1;
    await ex.refresh();
    expect(ex.error).toMatch(/graphics context was lost/);
    expect(ex.weights).toBe('random');
    expect(ex.top.length).toBe(5);
    ex.dispose();
  });
});
