/**
 * Each lesson's Chinese text (lessons/<id>/lesson.zh.ts) has the English lesson's shape: as many steps and cells,
 * prose where the lesson has prose, a text alternative for every figure; its maths is the English maths (formulas
 * are not translated), its glossary marks name glossary entries, and it is Chinese (not English left in place).
 */
import { describe, it, expect } from 'vitest';
import { SYLLABUS, isReady, loadLesson, hasTranslation } from '../../lessons/index';
import { SYLLABUS_ZH } from '../../lessons/syllabus.zh';
import { lookupTerm, markedTerms } from '../../src/lib/text/glossary';
import { GLOSSARY, } from '../../src/lib/text/glossary';
import { GLOSSARY_ZH } from '../../src/lib/text/glossary.zh';

const ready = SYLLABUS.filter((l) => isReady(l.id)).map((l) => l.id);
const translated = ready.filter(hasTranslation);
/** Display and inline maths, in order, with whitespace normalised. */
const maths = (md: string) => [...md.matchAll(/\$\$([\s\S]+?)\$\$|(?<!\\)\$((?:\\.|[^\\$\n])+?)\$/g)].map((m) => (m[1] ?? m[2]).replace(/\s+/g, ' ').trim());
/** Share of letters that are CJK, ignoring maths, code, marks' targets, HTML tags and URLs. */
function cjkShare(md: string): number {
  const words = md.replace(/\$\$[\s\S]+?\$\$|\$[^$\n]+\$|`[^`]*`|```[\s\S]*?```|<[^>]+>|\(https?:[^)]+\)|\[\[[^|\]]+\|/g, ' ');
  const cjk = (words.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const latin = (words.match(/[A-Za-z]/g) ?? []).length;
  return cjk / Math.max(1, cjk + latin / 4); // ~4 Latin letters per word vs one character per Chinese word
}

describe('lesson translations', () => {
  it('every ready lesson has a Chinese title and summary in the table of contents', () => {
    expect(ready.filter((id) => !SYLLABUS_ZH[id])).toEqual([]);
  });

  it.each(translated)('%s: same shape, same maths, known terms, Chinese words', async (id) => {
    const en = await loadLesson(id, 'en');
    const zh = await loadLesson(id, 'zh');
    expect(zh.steps.length).toBe(en.steps.length);
    expect(zh.title).toMatch(/[\u4e00-\u9fff]/);
    en.steps.forEach((step, s) => {
      const zs = zh.steps[s];
      expect(zs.title, `${id} step ${s + 1} title`).toMatch(/[\u4e00-\u9fff]/);
      expect(zs.cells.length, `${id} step ${s + 1}`).toBe(step.cells.length);
      step.cells.forEach((cell, c) => {
        const zc = zs.cells[c];
        const where = `${id} step ${s + 1} cell ${c + 1}`;
        expect(zc.kind, where).toBe(cell.kind);
        if (cell.kind === 'text' && zc.kind === 'text') {
          expect(zc.md, where).not.toBe(cell.md);
          expect(maths(zc.md), where).toEqual(maths(cell.md));
          expect(markedTerms(zc.md).filter((t) => !lookupTerm(t)), where).toEqual([]);
          expect(cjkShare(zc.md), where).toBeGreaterThan(0.5);
        } else if (cell.kind === 'figure' && zc.kind === 'figure') {
          expect(zc.alt, where).not.toBe(cell.alt);
          expect(zc.alt, where).toMatch(/[\u4e00-\u9fff]/);
          expect(zc.component, where).toBe(cell.component);
        }
      });
    });
  });
});

describe('glossary in Chinese', () => {
  it('names English headwords only, in Chinese', () => {
    const heads = new Set(GLOSSARY.map((e) => e.term));
    for (const [en, zh] of Object.entries(GLOSSARY_ZH)) {
      expect(heads.has(en), en).toBe(true);
      expect(zh.term + zh.definition, en).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.definition, en).not.toMatch(/[$\\]/);
    }
  });
});
