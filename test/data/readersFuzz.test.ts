/**
 * Fuzzing the readers of the learner's files: mutated safetensors, tar, tar.gz and CIFAR-10 inputs and stored
 * training checkpoints end in the reader's own error (or a listed problem), never in a TypeError/RangeError, and
 * never hang. 1,000 cases per reader here; `npm run bench -- fuzz` runs 10,000 of each.
 */
import { describe, it, expect } from 'vitest';
import { fuzz } from '../helpers/fuzz';
import { fuzzTargets } from '../helpers/fuzzSeeds';

const CASES = 1000;
const targets = fuzzTargets();

describe('fuzzed inputs end in the reader\'s own error, never a crash or a hang', { timeout: 120_000 }, () => {
  for (const [name, target] of Object.entries(targets)) {
    it(`${name}: ${CASES} mutated inputs, 0 unexpected exceptions`, async () => {
      // every seed is valid: the fuzzer starts from files the reader accepts
      for (const s of target.seeds) await target.read(s);
      const rep = await fuzz(target, CASES, 7);
      expect(rep.unexpected.slice(0, 5)).toEqual([]);
      expect(rep.rejected).toBeGreaterThan(CASES / 4); // the mutations do reach the checks
      // no hang: each input is a few KB; a case over 2 s would be a loop, not work
      expect(rep.slowestMs).toBeLessThan(2000);
    });
  }
});
