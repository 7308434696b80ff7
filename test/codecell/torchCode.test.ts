import { describe, it, expect } from 'vitest';
import { pyList, torchPadding } from '../../src/lib/codecell/torchCode';

describe('PyTorch lines for code cells', () => {
  it('print nested arrays as Python lists rounded like the tfjs cells', () => {
    expect(pyList([[1, -0.123456], [2, 1 / 3]])).toBe('[[1, -0.1235], [2, 0.3333]]');
  });

  it('pass symmetric padding to the call and uneven padding through F.pad in (left, right, top, bottom) order', () => {
    expect(torchPadding({ before: 1, after: 1 }, { before: 1, after: 1 })).toEqual({ pre: null, arg: 'padding=1' });
    expect(torchPadding({ before: 2, after: 2 }, { before: 0, after: 0 })).toEqual({ pre: null, arg: 'padding=(2, 0)' });
    // 'same' with a 2×2 kernel pads 0 before and 1 after on each axis (TensorFlow puts the odd pixel after).
    const uneven = torchPadding({ before: 0, after: 1 }, { before: 0, after: 1 });
    expect(uneven.arg).toBe('padding=0');
    expect(uneven.pre).toMatch(/^x = F\.pad\(x, \(0, 1, 0, 1\)\)/);
    expect(torchPadding({ before: 1, after: 2 }, { before: 3, after: 4 }).pre).toMatch(/F\.pad\(x, \(3, 4, 1, 2\)\)/);
  });
});
