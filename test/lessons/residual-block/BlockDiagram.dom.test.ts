import { describe, it, expect, afterEach } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import BlockDiagram from '../../../lessons/residual-block/BlockDiagram.svelte';
import { i18n } from '../../../src/lib/i18n/index';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

describe('the residual block diagram', () => {
  it('is an image named and described in words, with the layers in order and the projection dashed', () => {
    app = mount(BlockDiagram, { target: document.body, props: { id: 'bd' } });
    flushSync();
    const svg = document.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    const [title, desc] = svg.getAttribute('aria-labelledby')!.split(' ').map((id) => document.getElementById(id)!.textContent!);
    expect(title).toBe('A basic residual block');
    expect(desc).toMatch(/3×3 convolution, batch norm, ReLU, 3×3 convolution, batch norm.*F\(x\) \+ x.*ReLU after the sum.*1×1 convolution with stride 2/);
    const labels = Array.from(svg.querySelectorAll('text'), (t) => t.textContent);
    expect(labels.slice(0, 6)).toEqual(['conv 3×3', 'BN', 'ReLU', 'conv 3×3', 'BN', 'ReLU']);
    expect(labels).toContain('F(x) + x');
    const dashed = svg.querySelectorAll('rect.projection');
    expect(dashed).toHaveLength(1);
    // The ReLU after the sum sits below the ⊕ (circle), the other boxes above it.
    const sumY = Number(svg.querySelector('circle')!.getAttribute('cy'));
    const boxes = Array.from(svg.querySelectorAll('rect.box:not(.projection)'), (r) => Number(r.getAttribute('y')));
    expect(boxes.filter((y) => y > sumY)).toHaveLength(1);
    // Colours come from currentColor / CSS variables, never fixed hex, so dark mode applies.
    expect(svg.outerHTML).not.toMatch(/#[0-9a-f]{3,6}\b(?!-)/i);
  });

  it('speaks Chinese when the page does, and keeps the layer names and maths as they are', () => {
    i18n.current = 'zh';
    try {
      app = mount(BlockDiagram, { target: document.body, props: { id: 'bd' } });
      flushSync();
      const svg = document.querySelector('svg')!;
      expect(document.getElementById('bd-title')!.textContent).toBe('一个基本残差块');
      expect(document.getElementById('bd-desc')!.textContent).toMatch(/^输入 x 沿主路径向下：3×3 卷积、批量归一化、ReLU/);
      const labels = Array.from(svg.querySelectorAll('text'), (t) => t.textContent);
      expect(labels.slice(0, 6)).toEqual(['3×3 卷积', 'BN', 'ReLU', '3×3 卷积', 'BN', 'ReLU']);
      expect(labels).toContain('F(x) + x');
      expect(labels).toContain('捷径');
    } finally {
      i18n.current = 'en';
    }
  });
});
