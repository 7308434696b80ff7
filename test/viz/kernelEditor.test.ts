import { describe, it, expect } from 'vitest';
import { createKernelEditor, parseCell } from '../../src/lib/viz/kernelEditor';

describe('parseCell', () => {
  it('reads decimals, minus signs and simple fractions; rejects the rest', () => {
    expect(parseCell(' -2 ')).toBe(-2);
    expect(parseCell('0,5')).toBe(0.5);
    expect(parseCell('−1')).toBe(-1);
    expect(parseCell('1/9')).toBeCloseTo(1 / 9, 15);
    expect(parseCell('.25')).toBe(0.25);
    expect(parseCell('abc')).toBeNaN();
    expect(parseCell('')).toBeNaN();
    expect(parseCell('1/0')).toBeNaN();
  });
});

describe('createKernelEditor', () => {
  function setup() {
    const host = document.createElement('div');
    document.body.append(host);
    const changes: number[][][] = [];
    const ed = createKernelEditor(host, { label: 'Kernel', onChange: (k) => changes.push(k) });
    ed.update([[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
    const inputs = Array.from(host.querySelectorAll('input'));
    return { host, ed, changes, inputs };
  }
  it('has one labelled input per weight and reports a typed edit as a whole new kernel', () => {
    const { changes, inputs, ed } = setup();
    expect(inputs).toHaveLength(9);
    expect(inputs[4].value).toBe('1');
    expect(inputs[5].getAttribute('aria-label')).toBe('weight row 2, column 3');
    inputs[5].value = '-2.5';
    inputs[5].dispatchEvent(new Event('input', { bubbles: true }));
    expect(changes.at(-1)).toEqual([[0, 0, 0], [0, 1, -2.5], [0, 0, 0]]);
    ed.destroy();
  });
  it('flags invalid text without reporting it, and steps with the arrow keys', () => {
    const { changes, inputs, ed } = setup();
    inputs[0].value = 'x';
    inputs[0].dispatchEvent(new Event('input', { bubbles: true }));
    expect(changes).toHaveLength(0);
    expect(inputs[0].getAttribute('aria-invalid')).toBe('true');
    inputs[4].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(changes.at(-1)![1][1]).toBe(2);
    inputs[4].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(changes.at(-1)![1][1]).toBe(1);
    ed.destroy();
  });
  it('rebuilds for a 5×5 kernel and keeps ← → from paging the lesson', () => {
    const { host, inputs, ed } = setup();
    let paged = false;
    host.parentElement!.addEventListener('keydown', () => (paged = true));
    inputs[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(paged).toBe(false);
    ed.update(Array.from({ length: 5 }, () => [1, 2, 3, 4, 5]));
    expect(host.querySelectorAll('input')).toHaveLength(25);
    ed.destroy();
  });
});
