/**
 * Lesson prose: markdown (marked) with KaTeX maths. `$…$` is inline maths, `$$…$$` display maths;
 * `\$` is a literal dollar sign. Lesson text is our own (trusted), so HTML in it passes through.
 */
import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import katex from 'katex';

interface MathToken extends Tokens.Generic {
  type: 'blockMath' | 'inlineMath';
  raw: string;
  text: string;
  display: boolean;
}

function renderMath(tex: string, display: boolean): string {
  // throwOnError false: a typo in a formula shows up red in place instead of breaking the whole step.
  return katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
}

/** `$$ … $$` on its own block (may span lines). */
const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/^ {0,3}\$\$/m)?.index,
  tokenizer(src) {
    const m = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/.exec(src);
    if (!m) return undefined;
    return { type: 'blockMath', raw: m[0], text: m[1].trim(), display: true } satisfies MathToken;
  },
  renderer: (token) => `<div class="math-display">${renderMath((token as MathToken).text, true)}</div>\n`,
};

/** `$$…$$` inside a paragraph (display) and `$…$` (inline). Inline maths may not start or end with a space. */
const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start(src) {
    const m = /(?<!\\)\$/.exec(src);
    return m ? m.index : undefined;
  },
  tokenizer(src) {
    const display = /^\$\$([\s\S]+?)\$\$/.exec(src);
    if (display) return { type: 'inlineMath', raw: display[0], text: display[1].trim(), display: true };
    const inline = /^\$((?:\\.|[^\\$\n])*?[^\\\s$])\$(?!\d)/.exec(src);
    if (inline && !/^\s/.test(inline[1])) return { type: 'inlineMath', raw: inline[0], text: inline[1], display: false };
    return undefined;
  },
  renderer: (token) => renderMath((token as MathToken).text, (token as MathToken).display),
};

const marked = new Marked({ gfm: true, async: false, extensions: [blockMath, inlineMath] });

/** Renders lesson markdown with `$…$` / `$$…$$` maths to an HTML string (synchronous). */
export function renderProse(md: string): string {
  return marked.parse(md, { async: false }) as string;
}
