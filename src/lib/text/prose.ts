/**
 * Lesson prose: markdown (marked) with KaTeX maths. `$…$` is inline maths, `$$…$$` display maths;
 * `\$` is a literal dollar sign. Lesson text is our own (trusted), so HTML in it passes through.
 * `[[term]]` or `[[term|shown words]]` marks a glossary term (src/lib/text/glossary.ts).
 */
import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import katex from 'katex';
import { lookupTerm } from './glossary';
import { GLOSSARY_ZH } from './glossary.zh';
import type { Locale } from '../i18n/index';

/**
 * How one render call writes glossary terms. In Chinese the first use of each term on a step shows the English
 * term in brackets, 特征图（feature map）, since learners meet the English in papers and code; `seen` carries
 * the terms already shown across the cells of one step.
 */
interface TermContext {
  locale: Locale;
  seen: Set<string>;
}
let context: TermContext = { locale: 'en', seen: new Set() };

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
  // tabindex: a formula wider than a phone scrolls sideways, and a keyboard user must be able to reach and scroll it.
  renderer: (token) => `<div class="math-display" tabindex="0">${renderMath((token as MathToken).text, true)}</div>\n`,
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

interface TermToken extends Tokens.Generic {
  type: 'glossaryTerm';
  raw: string;
  term: string;
  shown: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Tooltip ids are unique on the page: the same term may be marked in several cells of one step. */
let tipCount = 0;

/**
 * A focusable <dfn> described by a role="tooltip" sibling that CSS shows on hover and keyboard focus (app.css,
 * .term); aria-describedby reads the definition to screen readers even while it is hidden. An unknown term
 * renders as its plain words (the glossary test catches it first).
 */
function renderTerm(term: string, shown: string): string {
  const entry = lookupTerm(term);
  if (!entry) return escapeHtml(shown);
  const id = `term-tip-${++tipCount}`;
  const zh = context.locale === 'zh' ? GLOSSARY_ZH[entry.term] : undefined;
  const same = zh && zh.term.toLowerCase() === entry.term.toLowerCase(); // SGD, ReLU: no "SGD（SGD）"
  const head = zh && !same ? `${escapeHtml(zh.term)}（${escapeHtml(entry.term)}）` : escapeHtml(zh?.term ?? entry.term);
  const definition = zh ? `：${escapeHtml(zh.definition)}` : `: ${escapeHtml(entry.definition)}`;
  const first = zh && !same && !context.seen.has(entry.term) && !shown.toLowerCase().includes(entry.term.toLowerCase());
  context.seen.add(entry.term);
  const english = first ? `<span class="term-en">（${escapeHtml(entry.term)}）</span>` : '';
  return `<span class="term"><dfn tabindex="0" aria-describedby="${id}">${escapeHtml(shown)}</dfn>${english}` +
    `<span class="term-tip" role="tooltip" id="${id}"><strong>${head}</strong>${definition}</span></span>`;
}

/** `[[term]]` / `[[term|shown words]]` (the same pattern as glossary.ts's TERM_MARK, anchored). */
const glossaryTerm: TokenizerAndRendererExtension = {
  name: 'glossaryTerm',
  level: 'inline',
  start: (src) => src.match(/\[\[/)?.index,
  tokenizer(src) {
    const m = /^\[\[([^[\]|\n]+?)(?:\|([^[\]|\n]+?))?\]\]/.exec(src);
    if (!m) return undefined;
    return { type: 'glossaryTerm', raw: m[0], term: m[1].trim(), shown: (m[2] ?? m[1]).trim() } satisfies TermToken;
  },
  renderer: (token) => renderTerm((token as TermToken).term, (token as TermToken).shown),
};

const marked = new Marked({ gfm: true, async: false, extensions: [blockMath, inlineMath, glossaryTerm] });

const CJK = '\u3000-\u303f\u4e00-\u9fff\uff00-\uffef';
/** A line break between two Chinese characters (a browser shows it as a space, which Chinese text has none of). */
const CJK_BREAK = new RegExp(`(?<=[${CJK}])[ \t]*\n[ \t]*(?=[${CJK}])`, 'g');
/** `**bold**` on one line: CommonMark will not open it after a Chinese character when it starts with `[[` or `$`. */
const BOLD = /\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*/g;

/**
 * Chinese prose written the way the English is (bold marks next to glossary marks, lines wrapped in the source)
 * made to render as Chinese should: bold as <strong> and no line breaks inside sentences. Code spans, fenced code
 * and maths are left exactly as written (Python's `**` is a power).
 */
export function chineseMarkdown(md: string): string {
  return md
    .split(/(```[\s\S]*?```|`[^`\n]*`|\$\$[\s\S]+?\$\$|(?<!\\)\$(?:\\.|[^\\$\n])+?\$)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(CJK_BREAK, '').replace(BOLD, '<strong>$1</strong>')))
    .join('');
}

/**
 * Renders lesson markdown with `$…$` / `$$…$$` maths to an HTML string (synchronous). `locale` picks the
 * glossary's language; pass one `seen` set to the cells of one step so only a term's first use there gets its
 * English in brackets (Chinese only).
 */
export function renderProse(md: string, locale: Locale = 'en', seen: Set<string> = new Set()): string {
  context = { locale, seen };
  try {
    return marked.parse(locale === 'zh' ? chineseMarkdown(md) : md, { async: false }) as string;
  } finally {
    context = { locale: 'en', seen: new Set() };
  }
}
