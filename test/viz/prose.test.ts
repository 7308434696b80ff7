import { describe, it, expect } from 'vitest';
import { chineseMarkdown, renderProse } from '../../src/lib/text/prose';

/** The TeX source KaTeX keeps in its MathML annotation: proves which text became maths. */
function texOf(html: string): string[] {
  return [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => m[1]);
}

describe('renderProse', () => {
  it('renders markdown', () => {
    const html = renderProse('A **bold** word and a [link](#/welcome/2).\n\n- one\n- two');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="#/welcome/2">link</a>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>/);
  });

  it('renders $inline$ maths inline and $$display$$ maths as a block', () => {
    const html = renderProse('Let $H(x) = F(x) + x$ hold.\n\n$$\ny_{i,j} = \\sum_u x_{i+u}\n$$\n\nAfter.');
    expect(texOf(html)).toEqual(['H(x) = F(x) + x', 'y_{i,j} = \\sum_u x_{i+u}']);
    expect(html).toMatch(/<p>Let <span class="katex">/);
    expect(html).toContain('<div class="math-display" tabindex="0"><span class="katex-display">');
    expect(html).toContain('<p>After.</p>');
  });

  it('leaves dollar amounts, escaped dollars and code alone', () => {
    const html = renderProse('It costs \\$5, or 5$ each. `const $x = 1$;`');
    expect(texOf(html)).toEqual([]);
    expect(html).toContain('$5');
    expect(html).toContain('<code>const $x = 1$;</code>');
  });

  it('shows a broken formula in place instead of throwing', () => {
    const html = renderProse('Oops $\\frac{1}{$ here.');
    expect(html).toContain('katex-error');
    expect(html).toContain('here.');
  });
});

describe('Chinese prose', () => {
  it('joins lines inside Chinese sentences, keeps paragraphs, lists, code and maths as written', () => {
    const md = '第一行\n第二行，$a_{中}$\n不变\n\n- 列表\n- 二\n\n新段落 `x**2` 与 **粗体**\n\n```py\ny = x**2\n第三\n```';
    const out = chineseMarkdown(md);
    expect(out).toContain('第一行第二行');
    expect(out).toContain('$a_{中}$\n不变'); // a formula's end is not a Chinese character
    expect(out).toContain('\n\n- 列表\n- 二\n\n新段落');
    expect(out).toContain('`x**2`');
    expect(out).toContain('<strong>粗体</strong>');
    expect(out).toContain('```py\ny = x**2\n第三\n```');
  });

  it('bolds a glossary term right after a Chinese character and shows its English once per step', () => {
    const seen = new Set<string>();
    const a = renderProse('这是**[[stride|步幅]]**，又是[[stride|步幅]]。', 'zh', seen);
    expect(a).toMatch(/<strong><span class="term"><dfn[^>]*>步幅<\/dfn><span class="term-en">（stride）<\/span>/);
    expect(a.match(/term-en/g)).toHaveLength(1);
    const b = renderProse('再次[[stride|步幅]]。', 'zh', seen);
    expect(b).not.toContain('term-en');
    expect(renderProse('[[SGD]]', 'zh')).not.toContain('SGD（SGD）');
    expect(renderProse('a [[stride]]', 'en')).not.toContain('term-en');
  });
});
