import { describe, it, expect } from 'vitest';
import { HeldOutTest } from '../../src/lib/train/heldOutTest';
import type { ImageDataset } from '../../src/lib/data/dataset';
import type { EvalResult } from '../../src/lib/nn';

const set = (n: number): ImageDataset => ({ images: new Uint8Array(n * 12), labels: new Uint8Array(n), height: 2, width: 2, classNames: ['a', 'b'] });
/** A stand-in evaluation that counts its calls and calls every image right. */
function counting() {
  const calls: number[] = [];
  const evaluate = async (d: ImageDataset): Promise<EvalResult> => {
    calls.push(d.labels.length);
    return { loss: 0.5, accuracy: 1, correct: d.labels.length, count: d.labels.length, top5: 1 } as EvalResult;
  };
  return { calls, evaluate };
}

describe('HeldOutTest', () => {
  it('is scored once, at the end of a run, and a second score is refused without evaluating again', async () => {
    const t = new HeldOutTest(set(6));
    const { calls, evaluate } = counting();
    expect(t.score).toBeNull();
    const r = await t.scoreOnce(evaluate, 'finished');
    expect(r.count).toBe(6);
    expect(t.score).toBe(r);
    await expect(t.scoreOnce(evaluate, 'finished')).rejects.toThrow(/scored once already/);
    expect(calls).toEqual([6]);
  });

  it('is not scored while the run can still go on or after it broke, and an early stop counts as the end', async () => {
    const { calls, evaluate } = counting();
    for (const status of ['ready', 'diverged', 'oom', 'error'] as const) {
      await expect(new HeldOutTest(set(3)).scoreOnce(evaluate, status)).rejects.toThrow(/when the run has finished or stopped early/);
    }
    expect(calls).toEqual([]);
    expect((await new HeldOutTest(set(3)).scoreOnce(evaluate, 'early-stopped')).count).toBe(3);
  });

  it('says so when there is nothing to score', async () => {
    const { evaluate } = counting();
    await expect(new HeldOutTest(set(0)).scoreOnce(evaluate, 'finished')).rejects.toThrow(/no test images/);
  });
});
