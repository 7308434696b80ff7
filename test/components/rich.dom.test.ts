/**
 * Sentences with markup inside (Rich.svelte) are translated whole: the Chinese orders its words around the
 * same code and links, nothing is injected as HTML, and switching language re-words what is already shown.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mount, unmount, flushSync, tick } from 'svelte';
import WeightsHelp from '../../src/components/model/WeightsHelp.svelte';
import { richPieces } from '../../src/components/shell/Rich.svelte';
import { i18n } from '../../src/lib/i18n/index';

const settle = async () => { for (let i = 0; i < 10; i++) { await new Promise((r) => setTimeout(r, 0)); await tick(); } flushSync(); };

afterEach(() => { i18n.current = 'en'; });

describe('Rich text', () => {
  it('splits at placeholders only', () => {
    expect(richPieces('In {dist}, run {cmd}.')).toEqual([{ text: 'In ' }, { name: 'dist' }, { text: ', run ' }, { name: 'cmd' }, { text: '.' }]);
    expect(richPieces('在 {dist} 中运行 {cmd}。')).toEqual([{ text: '在 ' }, { name: 'dist' }, { text: ' 中运行 ' }, { name: 'cmd' }, { text: '。' }]);
    expect(richPieces('no marks <b>here</b>')).toEqual([{ text: 'no marks <b>here</b>' }]);
  });

  it('the weights help in Chinese keeps its code and links, and a switch back re-words it', async () => {
    i18n.current = 'zh';
    const target = document.body.appendChild(document.createElement('div'));
    const view = mount(WeightsHelp, { target });
    await settle();
    const text = target.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('在 dist 中运行 python3 -m http.server 8000。');
    expect(text).toContain('config.json（约 70 KB，含 1,000 个类别名称）');
    expect(text).not.toMatch(/The pretrained weights|classroom|Checking/);
    const codes = [...target.querySelectorAll('code')].map((c) => c.textContent);
    expect(codes).toContain('dist/microsoft/resnet-18/resolve/main/');
    expect(target.querySelector('a')!.getAttribute('href')).toBe('https://huggingface.co/microsoft/resnet-18');
    i18n.current = 'en';
    await settle();
    expect(target.textContent!.replace(/\s+/g, ' ')).toContain('In dist, run python3 -m http.server 8000.');
    unmount(view);
  });
});
