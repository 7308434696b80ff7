/**
 * Ship it reading the studio's network (page side): nothing stored, a damaged checkpoint, and a stored one with its
 * images — this visit's studio dataset when it is the one the run used, else the built-in set rebuilt, which must
 * be the very split the studio trained on (compared with a studio dataset built the studio's way).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Checkpoint, CheckpointStore } from '../../../src/lib/train/checkpoint';
import { Trainer } from '../../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/lib/train/config';
import type { RunRecord } from '../../../src/lib/train/idbStore';
import { TrainingRunData } from '../../../lessons/train-it/TrainingRunData.svelte';
import { StudioModel } from '../../../lessons/ship-it/StudioModel.svelte';

const spec = { kind: 'synthetic' as const, perClass: 6, seed: 5, valFraction: 0.2, testFraction: 0.1 };
const record = (dataset: RunRecord['dataset']): RunRecord => ({ key: 'studio', dataset, epoch: 3, globalStep: 9, totalSteps: 30, savedAt: 1 });
let studio: TrainingRunData;
let ckpt: Checkpoint;

beforeAll(async () => {
  await tf.setBackend('cpu');
  studio = new TrainingRunData();
  studio.valFraction = spec.valFraction;
  await studio.useSynthetic(spec.perClass, spec.seed, spec.testFraction);
  const t = Trainer.create({ ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125 }, { train: studio.train!, val: studio.val! });
  try {
    ckpt = { ...(await t.checkpoint()), epoch: 3 };
  } finally {
    t.dispose();
  }
}, 60_000);

/**
 * A store holding `raw` under the studio's key. Not MemoryCheckpointStore: its structuredClone is Node's under
 * jsdom and hands back another realm's Float32Array, which the checkpoint check rightly refuses.
 */
async function stored(raw: unknown): Promise<CheckpointStore> {
  return {
    load: async (key) => (key === 'studio' && raw !== undefined ? (raw as Checkpoint) : null),
    save: async () => undefined,
    remove: async () => undefined,
  };
}

describe('StudioModel', () => {
  it('says when the studio has stored nothing, and why a damaged checkpoint cannot be used', async () => {
    const none = new StudioModel(await stored(undefined), async () => null, null);
    await none.read();
    expect(none.state).toBe('none');
    const bad = new StudioModel(await stored({ version: 1, params: {} }), async () => null, null);
    await bad.read();
    expect(bad.state).toBe('failed');
    expect(bad.problem).toMatch(/damaged/);
  });

  it('describes the stored network and rebuilds exactly the validation split the studio trained on', async () => {
    const m = new StudioModel(await stored(ckpt), async () => record(spec), null);
    await m.read();
    expect(m.problem).toBeNull();
    expect(m.state).toBe('ready');
    expect(m.description).toBe('A width-1/8 ResNet-18 (CIFAR stem) for 10 classes of 32-pixel pictures, trained 3 epochs on the built-in shapes (6 per class).');
    const images = (await m.images())!;
    expect(images.from).toBe('rebuilt');
    expect(Array.from(images.val.labels)).toEqual(Array.from(studio.val!.labels));
    expect(images.val.images).toEqual(studio.val!.images);
    expect(images.train.images).toEqual(studio.train!.images);
  });

  it('uses this visit\'s studio images when they are the run\'s dataset, and has none for an unstored folder', async () => {
    const live = { train: studio.train, val: studio.val, spec: { ...spec } };
    const same = new StudioModel(await stored(ckpt), async () => record(spec), live);
    await same.read();
    const images = (await same.images())!;
    expect(images.from).toBe('live');
    expect(images.val).toBe(studio.val);
    const folder = { kind: 'custom' as const, name: 'my-photos' };
    const away = new StudioModel(await stored(ckpt), async () => record(folder), live);
    await away.read();
    expect(away.description).toContain('your dataset “my-photos”');
    expect(await away.images()).toBeNull();
    expect(await away.prepare()).toBe('no-images');
    expect(await new StudioModel(await stored(undefined), async () => null, live).prepare()).toBe('none');
    const ready = await same.prepare();
    expect(typeof ready === 'object' && ready.images.from).toBe('live');
  });
});
