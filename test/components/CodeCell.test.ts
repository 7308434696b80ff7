import { describe, it, expect, beforeAll, vi } from 'vitest';
import { mount, unmount, flushSync, tick } from 'svelte';
import * as tf from '@tensorflow/tfjs';
import CodeCell from '../../src/components/figure/CodeCell.svelte';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

async function until(check: () => boolean, ms = 5000) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
    await tick();
  }
}

describe('CodeCell', () => {
  it('runs the figure’s call, shows the values, reports broken code inline, and leaks nothing', async () => {
    const target = document.createElement('div');
    document.body.append(target);
    const args = () => ({ input: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), kernel: tf.tensor4d([1, -1], [1, 2, 1, 1]) });
    const before = tf.memory().numTensors;
    const cell = mount(CodeCell, { target, props: { code: "return tf.conv2d(input, kernel, 1, 'valid');", args } });
    flushSync();
    const textarea = target.querySelector('textarea')!;
    expect(textarea.value).toContain('tf.conv2d');
    (target.querySelector('button') as HTMLButtonElement).click();
    await until(() => /Tensor of shape/.test(target.textContent ?? ''));
    // [1,2]·[1,−1] = −1 and [3,4]·[1,−1] = −1
    expect(target.querySelector('.code-values')!.textContent!.trim().split(/\s+/)).toEqual(['-1', '-1']);
    textarea.value = 'return tf.conv2d(input,';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await until(() => target.querySelector('.code-error') !== null);
    expect(target.querySelector('.code-error')!.textContent).toContain('does not parse');
    const back = Array.from(target.querySelectorAll('button')).find((b) => b.textContent?.includes('Back'))!;
    back.click();
    flushSync();
    expect(textarea.value).toContain("tf.conv2d(input, kernel, 1, 'valid')");
    unmount(cell);
    expect(tf.memory().numTensors).toBe(before);
  });
});
