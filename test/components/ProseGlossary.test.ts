import { describe, it, expect, afterEach } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import ProseCell from '../../src/components/shell/ProseCell.svelte';
import { lookupTerm } from '../../src/lib/text/glossary';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

describe('glossary terms in prose', () => {
  it('render as a focusable dfn described by a tooltip holding the definition', () => {
    app = mount(ProseCell, { target: document.body, props: { md: 'Each layer widens the [[receptive field]] of the [[logit|logits]].' } });
    flushSync();
    const terms = Array.from(document.querySelectorAll('dfn'));
    expect(terms.map((t) => t.textContent)).toEqual(['receptive field', 'logits']);
    for (const [dfn, term] of [[terms[0], 'receptive field'], [terms[1], 'logit']] as const) {
      expect(dfn.tabIndex).toBe(0);
      const tip = document.getElementById(dfn.getAttribute('aria-describedby')!)!;
      expect(tip.getAttribute('role')).toBe('tooltip');
      expect(tip.textContent).toBe(`${term}: ${lookupTerm(term)!.definition}`);
    }
    expect(terms[0].getAttribute('aria-describedby')).not.toBe(terms[1].getAttribute('aria-describedby'));
    expect(document.querySelector('.prose')!.textContent).not.toContain('[[');
  });

  it('show an unknown term as its plain words, and leave maths and code alone', () => {
    app = mount(ProseCell, { target: document.body, props: { md: 'A [[flux capacitor]], $x^2$ and `[[0, 0], [1, 1]]`.' } });
    flushSync();
    expect(document.querySelector('dfn')).toBeNull();
    expect(document.querySelector('.prose')!.textContent).toContain('A flux capacitor, ');
    expect(document.querySelector('code')!.textContent).toBe('[[0, 0], [1, 1]]');
    expect(document.querySelector('.katex')).not.toBeNull();
  });
});

describe('glossary tooltips and Escape', () => {
  it('Escape dismisses the open tip until focus leaves the term; other keys do nothing', () => {
    app = mount(ProseCell, { target: document.body, props: { md: 'The [[stride]] and the [[padding]].' } });
    flushSync();
    const [stride, padding] = Array.from(document.querySelectorAll<HTMLElement>('.term'));
    stride.querySelector('dfn')!.focus();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    expect(stride.classList.contains('dismissed')).toBe(false);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(stride.classList.contains('dismissed')).toBe(true);
    expect(padding.classList.contains('dismissed')).toBe(false);
    padding.querySelector('dfn')!.focus(); // focus leaves the stride term
    expect(stride.classList.contains('dismissed')).toBe(false);
  });
});
