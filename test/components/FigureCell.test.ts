import { describe, it, expect, afterEach, vi } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import FigureCell from '../../src/components/shell/FigureCell.svelte';
import Hello from './fixtures/Hello.svelte';
import Throws from './fixtures/Throws.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

describe('FigureCell', () => {
  it('mounts the figure with its props and exposes the text alternative and caption', () => {
    app = mount(FigureCell, {
      target: document.body,
      props: { id: 'f1', component: Hello, props: { name: 'ResNet' }, alt: 'A greeting.', caption: 'Figure 1' },
    });
    flushSync();
    const fig = document.querySelector('figure')!;
    expect(fig.querySelector('.hello')?.textContent).toBe('Hello ResNet');
    expect(fig.getAttribute('aria-describedby')).toBe('f1-alt');
    expect(document.getElementById('f1-alt')?.textContent).toBe('A greeting.');
    expect(document.getElementById(fig.getAttribute('aria-labelledby')!)?.textContent).toBe('Figure 1');
  });

  it('contains a figure that throws: the page shows the error and the text alternative instead', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    document.body.innerHTML = '<p id="before">text before</p><div id="slot"></div>';
    app = mount(FigureCell, {
      target: document.getElementById('slot')!,
      props: { id: 'f2', component: Throws, props: { message: 'no WebGL here' }, alt: 'What it would show.' },
    });
    flushSync();
    const broken = document.querySelector('[role=alert]')!;
    expect(broken.textContent).toContain('This figure could not run.');
    expect(broken.textContent).toContain('no WebGL here');
    expect(broken.textContent).toContain('What it would show.');
    expect(document.getElementById('before')?.textContent).toBe('text before');
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
