/**
 * Weights and preprocessor_config.json are applied as a pair, or not at all: good weights dropped with a config
 * that could not preprocess a photo (a 768 MB input, a RangeError, a division by zero) change nothing — the live
 * weights, their preprocessing and the current picture stay, and the next photo still works.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LoadedModel } from '../../src/lib/model/LoadedModel.svelte';
import { ForwardPass } from '../../src/lib/model/ForwardPass.svelte';
import { createResNet18, disposeResNet18, exportTorchvision, RESNET18_PREPROCESS } from '../../src/lib/nn';

const TINY = { config: { widthMultiplier: 1 / 8, inputSize: 64, numClasses: 10 }, preprocess: { ...RESNET18_PREPROCESS, shortestEdge: 64 } };
beforeAll(async () => { await tf.setBackend('cpu'); });

const grey = (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(120) });

describe('weights + preprocessor_config.json as one pair', () => {
  it('a config that cannot preprocess a photo keeps the live weights, their preprocessing and the picture; the next photo works', async () => {
    const model = new LoadedModel(TINY);
    const pass = new ForwardPass(model);
    await pass.setPicture(grey(80, 60), 'first');
    const src = createResNet18(TINY.config, { seed: 5 });
    const weights = (await exportTorchvision(src)) as BlobPart;
    disposeResNet18(src);
    const before = { source: model.source, preprocess: model.preprocess, version: model.version, shape: pass.picture.current!.shape };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ size: { shortest_edge: 8000 } }, /shortest_edge is 8000; it must be a whole number of pixels from 16 to 1024/],
      [{ size: { shortest_edge: 224.5 } }, /shortest_edge is 224\.5/],
      [{ crop_pct: 0 }, /crop_pct is 0/],
      [{ image_std: [0.229, 0, 0.225] }, /image_std .* above 0/],
    ];
    for (const [cfg, message] of bad) {
      const files = [new File([weights], 'w.safetensors'), new File([JSON.stringify(cfg)], 'preprocessor_config.json')];
      expect(await model.loadFiles(files)).toBe(false);
      expect(model.error).toMatch(message);
      expect({ source: model.source, preprocess: model.preprocess, version: model.version, shape: pass.picture.current!.shape }).toEqual(before);
    }
    await pass.setPicture(grey(100, 70), 'second');
    expect(pass.error).toBeNull();
    expect(pass.picture.current!.shape).toEqual([1, 64, 64, 3]);
    expect(pass.top.length).toBe(5);
    pass.dispose();
    model.dispose();
  });
});
