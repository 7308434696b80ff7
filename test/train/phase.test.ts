import { describe, it, expect } from 'vitest';
import { hasEnded, RUN_ENDINGS, type Phase } from '../../src/lib/train/phase';

describe('Phase (one list for the Trainer, the worker protocol and the page)', () => {
  it('a run has ended after any of the Trainer\'s endings or a stop, and not before', () => {
    const going: Phase[] = ['idle', 'starting', 'compiling', 'running', 'paused'];
    const over: Phase[] = ['finished', 'early-stopped', 'diverged', 'oom', 'error', 'stopped'];
    expect(going.filter(hasEnded)).toEqual([]);
    expect(over.filter(hasEnded)).toEqual(over);
    expect([...RUN_ENDINGS, 'stopped']).toEqual(over);
  });
});
