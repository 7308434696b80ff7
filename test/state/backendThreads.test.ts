import { describe, it, expect } from 'vitest';
import { Backend, threadWords } from '../../src/lib/state/Backend.svelte';
import type { BackendInfo } from '../../src/lib/backend/init';

function withInfo(info: Partial<BackendInfo> | null): Backend {
  const b = new Backend();
  b.info = info ? ({ name: 'wasm', threaded: false, threads: 1, simd: true, isolated: false, fallback: null, failures: {}, ...info } as BackendInfo) : null;
  return b;
}

describe('Backend.computeThreads: the threads that compute, as the chip and the backend facts say (issue 15, #8)', () => {
  it('is the pool size of the threaded build, which is 1 on a 2-core machine', () => {
    expect(withInfo({ threaded: true, threads: 1, isolated: true }).computeThreads).toBe(1);
    expect(withInfo({ threaded: true, threads: 4, isolated: true }).computeThreads).toBe(4);
  });

  it('is 1 for the single-threaded build, whatever tfjs reports as its pool size', () => {
    expect(withInfo({ threaded: false, threads: 4, isolated: false }).computeThreads).toBe(1);
  });

  it('is null off wasm and while starting', () => {
    expect(withInfo({ name: 'webgl', threaded: null, threads: null, simd: null }).computeThreads).toBeNull();
    expect(withInfo(null).computeThreads).toBeNull();
  });

  it('words a count with the right number', () => {
    expect(threadWords(1)).toBe('1 thread');
    expect(threadWords(4)).toBe('4 threads');
    expect(threadWords(1, 'compute thread')).toBe('1 compute thread');
    expect(threadWords(2, 'compute thread')).toBe('2 compute threads');
  });
});
