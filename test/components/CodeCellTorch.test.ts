import { describe, it, expect, afterEach } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import CodeCell from '../../src/components/figure/CodeCell.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

describe('CodeCell with a PyTorch equivalent', () => {
  it('shows the torch code in its own folded block, read-only and reachable by keyboard', () => {
    const torch = 'y = F.conv2d(x, w, stride=1, padding=0)\n';
    app = mount(CodeCell, { target: document.body, props: { code: 'return tf.conv2d(input, kernel, 1, "valid");', args: () => null, torch } });
    flushSync();
    const blocks = document.querySelectorAll('details.code-cell');
    expect(blocks).toHaveLength(2);
    const block = document.querySelector('details.torch-cell')!;
    expect(block.querySelector('summary')!.textContent).toBe('Code: the same in PyTorch');
    expect(block.querySelector('pre code')!.textContent).toBe(torch);
    expect(block.querySelector('pre')!.tabIndex).toBe(0);
    expect(block.querySelector('textarea')).toBeNull();
  });

  it('adds nothing when the figure passes no torch code', () => {
    app = mount(CodeCell, { target: document.body, props: { code: 'return input;', args: () => null } });
    flushSync();
    expect(document.querySelectorAll('details.code-cell')).toHaveLength(1);
  });
});
