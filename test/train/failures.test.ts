import { describe, it, expect } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG } from '../../src/lib/train/config';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';
import { isOutOfMemory, divergedMessage, outOfMemoryMessage, checkpointClause } from '../../src/lib/train/failures';

describe('out-of-memory is recognised from what each backend throws', () => {
  const oom: [string, unknown][] = [
    ['emscripten abort (wasm heap cannot grow)', new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.')],
    ['the trap after a failed malloc (measured with WebAssembly.Memory.grow failing)', new WebAssembly.RuntimeError('memory access out of bounds')],
    ['V8 ArrayBuffer', new RangeError('Array buffer allocation failed')],
    ['V8 typed array', new RangeError('Invalid typed array length: 4294967296')],
    ['V8 wasm memory', new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')],
    ['V8 wasm memory creation', new RangeError('WebAssembly.Memory(): could not allocate memory')],
    ['Firefox', new Error('out of memory')],
    ['Firefox allocation', new Error('allocation size overflow')],
    ['WebGL', new Error('WebGL error OUT_OF_MEMORY')],
    ['tfjs WebGL texture', new Error('Requested texture size [70000x2] greater than WebGL maximum on this browser / GPU [16384x16384].')],
  ];
  for (const [what, e] of oom) it(`${what}: out of memory`, () => expect(isOutOfMemory(e)).toBe(true));

  it('other failures are not out of memory', () => {
    for (const m of ['Index out of range', 'The saved checkpoint is damaged', 'Failed to compile fragment shader', 'memory leak test']) {
      expect(isOutOfMemory(new Error(m))).toBe(false);
    }
  });

  it('any failure with the wasm heap at its ceiling is out of memory (tfjs-wasm at 4 GiB threw a TypeError)', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'map')");
    expect(isOutOfMemory(e)).toBe(false);
    expect(isOutOfMemory(e, { bytes: 4_294_901_760, limit: 4_294_901_760 })).toBe(true);
    expect(isOutOfMemory(e, { bytes: 1e9, limit: 4_294_901_760 })).toBe(false);
  });
});

describe('messages say truthfully whether a checkpoint exists', () => {
  it('names the checkpoint kept, or says there is none', () => {
    expect(checkpointClause({ epoch: 3, globalStep: 60 })).toBe('the last checkpoint (epoch 3, step 60) is kept');
    expect(checkpointClause(null)).toBe('no checkpoint was saved yet');
    expect(divergedMessage('the loss became NaN', 7, 1000, null)).toBe('Training diverged at step 7: the loss became NaN. ' +
      'The learning rate (1.00e+3) is probably too high: lower it (or add warm-up) and start again: no checkpoint was saved yet.');
    expect(divergedMessage('x', 7, 0.05, { epoch: 1, globalStep: 5 })).toMatch(/continue from the last checkpoint \(epoch 1, step 5\), which is kept\.$/);
    expect(outOfMemoryMessage('Aborted()', null)).toBe('Out of memory (Aborted()). Try a smaller batch size or width; no checkpoint was saved yet.');
  });
});

describe('the Trainer stops as out of memory when the wasm runtime aborts mid-step', () => {
  it('status oom, advice, and the truth about checkpoints; nothing leaks', async () => {
    const tf = await useBackend('wasm');
    registerWasmTrainingKernels();
    const data = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 11, size: 16 }), 0.25, 3);
    const t = Trainer.create({ ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125, batchSize: 8 }, data);
    const count = tf.memory().numTensors;
    t.optimizer.propose = () => { throw new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.'); };
    await expect(t.step()).rejects.toThrow(/^Out of memory \(Aborted\(\)/);
    expect(t.status).toBe('oom');
    expect(t.message).toMatch(/Try a smaller batch size or width; no checkpoint was saved yet\.$/);
    expect(tf.memory().numTensors).toBe(count);
    t.dispose();
  });
});
