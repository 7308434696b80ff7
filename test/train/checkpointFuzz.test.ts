/**
 * Fuzzing the checkpoint reader: seeded random damage to a real stored checkpoint (a field deleted, or set to a
 * NaN, a negative, a huge number, a string, null, an array, an object; a tensor's data truncated or given a NaN).
 * Trainer.fromCheckpoint must either restore or throw an Error with a sentence — never a TypeError or RangeError
 * from inside — and a failure must leave no tensor behind.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG } from '../../src/lib/train/config';
import type { Checkpoint } from '../../src/lib/train/checkpoint';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';
import { Rng } from '../../src/lib/nn';

const CASES = Number(process.env.CHECKPOINT_FUZZ_CASES ?? 300);
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 11, size: 16 }), 0.25, 3);
let tf: Awaited<ReturnType<typeof useBackend>>;
let good: Checkpoint;

beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
  const t = Trainer.create({ ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', widthMultiplier: 0.125, batchSize: 8, epochs: 2 }, data);
  await t.step();
  good = await t.checkpoint();
  t.dispose();
});

/** Every path to a value in the object (not into typed arrays' elements), e.g. ['config', 'augment', 'flip']. */
function paths(o: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (o && typeof o === 'object' && !ArrayBuffer.isView(o)) {
    for (const [k, v] of Object.entries(o)) {
      out.push([...prefix, k]);
      if (!(Array.isArray(v) && v.length > 8)) paths(v, [...prefix, k], out);
    }
  }
  return out;
}

const VALUES: unknown[] = [undefined, null, NaN, -1, 0, 1.5, 1e12, Infinity, '7', true, [], {}, [3], { shape: [2] }];

/** One seeded damage to a deep copy of the good checkpoint. */
function damaged(rng: Rng, all: string[][]): { c: Checkpoint; what: string } {
  const c = structuredClone(good) as unknown as Record<string, unknown>;
  const path = all[Math.floor(rng.next() * all.length)];
  let parent = c as Record<string, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
  const key = path[path.length - 1];
  const target = parent[key];
  const roll = rng.next();
  if (target instanceof Float32Array && roll < 0.5) {
    const copy = roll < 0.25 ? target.slice(0, Math.floor(target.length / 2)) : target.slice();
    if (roll >= 0.25) copy[Math.floor(rng.next() * copy.length)] = rng.next() < 0.5 ? NaN : -Infinity;
    parent[key] = copy;
    return { c: c as unknown as Checkpoint, what: `${path.join('.')} ${roll < 0.25 ? 'truncated' : 'non-finite'}` };
  }
  if (roll < 0.15) {
    delete parent[key];
    return { c: c as unknown as Checkpoint, what: `${path.join('.')} deleted` };
  }
  const v = VALUES[Math.floor(rng.next() * VALUES.length)];
  parent[key] = v;
  return { c: c as unknown as Checkpoint, what: `${path.join('.')} = ${String(v)}` };
}

describe('checkpoint reader fuzz', () => {
  it(`${CASES} damaged checkpoints: each restores (and takes a step) or is refused in words, with no tensor left behind`, async () => {
    const rng = new Rng(20261201);
    const all = paths(good);
    const unexpected: string[] = [];
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const { c, what } = damaged(rng, all);
      const count = tf.memory().numTensors;
      try {
        const t = Trainer.fromCheckpoint(c, data);
        try {
          if (t.status === 'ready') await t.step(); // what a resumed run does next
        } catch (e) {
          unexpected.push(`${what}: restored, then its first step threw ${(e as Error).name}: ${(e as Error).message}`);
        } finally {
          t.dispose();
        }
      } catch (e) {
        refused += 1;
        const err = e as Error;
        if (err.constructor !== Error && err.name !== 'CheckpointError') unexpected.push(`${what}: ${err.name}: ${err.message}`);
        else if (!/checkpoint|dataset|class|shape|values|Optimizer state/i.test(err.message)) unexpected.push(`${what}: unclear "${err.message}"`);
      }
      if (tf.memory().numTensors !== count) unexpected.push(`${what}: leaked ${tf.memory().numTensors - count} tensors`);
    }
    expect(unexpected).toEqual([]);
    expect(refused).toBeGreaterThan(CASES / 3);
  });
});
