/**
 * A TeX control word written with ONE backslash inside a JavaScript string is not TeX any more: in '…' and `…`
 * the backslash is an escape, so "\cdot" arrives as "cdot", "\theta" as a tab + "heta", "\frac" as a form
 * feed + "rac", "\nabla" as a newline + "abla", and KaTeX prints letters instead of maths. This test reads the
 * SOURCE of every lesson and component (TypeScript and Svelte, parsed, so only string literals and template
 * parts are looked at), finds every odd run of backslashes followed by letters, and fails when those letters
 * form a command KaTeX knows (asked of KaTeX itself, so the list is never out of date). String.raw`…`
 * templates keep their backslashes and are skipped. The browser test (test/e2e/tex-rendering.test.ts) checks
 * the rendered pages.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { parse } from 'svelte/compiler';
import katex from 'katex';

const ROOTS = ['lessons', 'src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A string as written in the source (raw, with its delimiters) and as JavaScript reads it (cooked). */
interface SourceString { raw: string; cooked: string }

/** Every string literal and template part outside String.raw in a TypeScript file. */
function stringsTs(path: string, text: string): SourceString[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const out: SourceString[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === 'String.raw') return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)
      || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      out.push({ raw: node.getText(file), cooked: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** The same for a Svelte component: its scripts and the JavaScript inside its markup ({…}). */
function stringsSvelte(text: string): SourceString[] {
  const out: SourceString[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TaggedTemplateExpression') {
      const tag = n.tag as { type?: string; object?: { name?: string }; property?: { name?: string } };
      if (tag.type === 'MemberExpression' && tag.object?.name === 'String' && tag.property?.name === 'raw') return;
    }
    if (n.type === 'Literal' && typeof n.value === 'string' && typeof n.raw === 'string') out.push({ raw: n.raw, cooked: n.value });
    if (n.type === 'TemplateElement') {
      const v = n.value as { raw: string; cooked: string | null };
      out.push({ raw: v.raw, cooked: v.cooked ?? '' });
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'parent' && key !== 'loc') walk(value);
  };
  walk(parse(text, { modern: true }));
  return out;
}

const known = new Map<string, boolean>();
/** True when KaTeX knows `\word` (it renders, or fails only for want of an argument). */
function isTexCommand(word: string): boolean {
  if (!known.has(word)) {
    let ok = true;
    try {
      katex.renderToString(`\\${word}`, { throwOnError: true });
    } catch (e) {
      ok = !/Undefined control sequence/.test((e as Error).message);
    }
    known.set(word, ok);
  }
  return known.get(word)!;
}

// "\n", "\t", "\r", "\b", "\f", "\v" alone and "\u…" / "\x…" are meant as escapes, not as TeX.
const JS_ESCAPE_LETTER = /^[ntrbfvux]$/;

/** The TeX words in one raw string that lost their backslash: odd backslash runs followed by letters. */
export function lostTexWords(raw: string): string[] {
  const lost: string[] = [];
  for (const m of raw.matchAll(/(\\+)([a-zA-Z]+)/g)) {
    const [, slashes, word] = m;
    if (slashes.length % 2 === 0) continue; // "\\cdot": the source says backslash + cdot, as TeX wants
    if (word.length === 1 && JS_ESCAPE_LETTER.test(word)) continue;
    if (/^[ux][0-9a-fA-F{]/.test(raw.slice(m.index! + slashes.length))) continue; // \u00d7, \x41
    if (isTexCommand(word)) lost.push(`\\${word}`);
  }
  return lost;
}

describe('TeX in lesson and component sources', () => {
  it('the detector itself: finds lost backslashes and leaves escapes and doubled ones alone', () => {
    expect(lostTexWords(String.raw`$4\cdot4$`)).toEqual(['\\cdot']);
    expect(lostTexWords(String.raw`$\theta$ and \frac{a}{b} and \nabla`)).toEqual(['\\theta', '\\frac', '\\nabla']);
    expect(lostTexWords(String.raw`$4\\cdot4$ \\frac{1}{2}`)).toEqual([]);
    expect(lostTexWords(String.raw`line\nconst x = 1;\treturn \u00d7`)).toEqual([]);
    expect(lostTexWords(String.raw`\\\beta`)).toEqual(['\\beta']); // "\\" then a lost "\b"
  });

  const strings = (path: string): SourceString[] => {
    const text = readFileSync(path, 'utf8');
    return path.endsWith('.svelte') ? stringsSvelte(text) : stringsTs(path, text);
  };

  it('no string in lessons/ or src/ holds a TeX command whose backslash JavaScript swallows', () => {
    const offenders: string[] = [];
    const files = ROOTS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    for (const path of files) {
      for (const { raw } of strings(path)) {
        for (const word of lostTexWords(raw)) {
          const at = raw.indexOf(word.slice(1)) - 1;
          offenders.push(`${relative('.', path)}: ${word} in …${raw.slice(Math.max(0, at - 20), at + 30)}…`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no lesson string with maths in it carries a control character that a lost backslash makes', () => {
    // What the page really gets is the cooked string. A tab, form feed, backspace or vertical tab in lesson
    // text can only be a "\t…", "\f…", "\b…", "\v…" that was meant for TeX ("\theta", "\frac", "\beta", "\vert").
    const bad: string[] = [];
    for (const path of sourceFiles('lessons')) {
      for (const { raw, cooked } of strings(path)) {
        if (/[\b\t\v\f]/.test(cooked)) bad.push(`${relative('.', path)}: ${JSON.stringify(raw.slice(0, 60))}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
