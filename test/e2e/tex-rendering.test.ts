/**
 * Every step of every ready lesson, as the learner's browser renders it: no KaTeX error spans, no TeX left
 * as raw text in the prose, and no TeX that reached KaTeX without its backslashes. A "\cdot" typed with one
 * backslash in a JavaScript string arrives as "cdot" and KaTeX prints the four letters in italics
 * ("4cdot4cdot2+2=34"); a "\theta", "\frac", "\beta" or "\vert" arrives as a tab, form feed, backspace or
 * vertical tab. KaTeX keeps the TeX it was given in each formula's MathML annotation, so that is where a lost
 * backslash shows. (test/lessons/texEscapes.test.ts checks the sources for the same mistake.)
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, openStep as open, waitForReady } from './harness';

// Figures that typeset numbers they compute (formulas with the current values) need a moment.
const openStep = (page: Page, id: string, step: number) => open(page, id, step, { pauseMs: 1200 });

/** TeX control words that are not English words, so seeing one in prose means TeX leaked out of its $…$. */
const RAW_TEX_IN_PROSE = /\\[a-zA-Z]+|\b(cdot|frac|dfrac|tfrac|sqrt|mathbf|mathrm|mathbb|varepsilon|nabla|lVert|rVert|leftarrow|rightarrow|lfloor|rfloor|underbrace|overline|operatorname)\b/;
/** The same words, plus the Greek letters and operators, written WITHOUT a backslash inside TeX source. */
const BARE_CONTROL_WORD = /(?<![\\a-zA-Z])(cdot|frac|dfrac|tfrac|sqrt|sum|prod|mathbf|mathrm|mathbb|hat|bar|tilde|alpha|beta|gamma|delta|theta|lambda|mu|sigma|epsilon|varepsilon|eta|nabla|partial|times|le|ge|leq|geq|neq|infty|lVert|rVert|vert|leftarrow|rightarrow|lfloor|rfloor|underbrace|text|quad|qquad|log|exp|max|min)(?![a-zA-Z])/;
/** Characters a swallowed backslash leaves behind: \b \t \v \f (and \0-style escapes). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_CHARS = /[\u0000-\u0008\u0009\u000b\u000c\u000e-\u001f]/;

interface StepReport { where: string; katexErrors: string[]; prose: string[]; tex: string[] }

/** Reads one rendered step: KaTeX errors, raw TeX in the prose, and the TeX source of every formula. */
function readStep(page: Page): Promise<Omit<StepReport, 'where'>> {
  return page.evaluate(
    ({ prose, bare, control }) => {
      const article = document.querySelector('[data-testid=lesson]')!;
      const katexErrors = [...article.querySelectorAll('.katex-error')].map((e) => e.getAttribute('title') ?? e.textContent ?? '');
      const copy = article.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.katex, .katex-display, textarea, pre, code, script, style').forEach((e) => e.remove());
      const text = copy.textContent ?? '';
      const proseHits = text.match(new RegExp(prose, 'g')) ?? [];
      const tex: string[] = [];
      for (const a of article.querySelectorAll('annotation[encoding="application/x-tex"]')) {
        // Words inside \text{…}, \mathrm{…}, \operatorname{…} are meant as words (\text{fan-in}, \mathrm{ReLU}).
        const src = (a.textContent ?? '').replace(/\\(text|mathrm|operatorname|textrm|textbf)\{[^}]*\}/g, ' ');
        if (new RegExp(bare).test(src) || new RegExp(control).test(a.textContent ?? '')) tex.push(JSON.stringify(a.textContent));
      }
      return { katexErrors, prose: proseHits, tex };
    },
    { prose: RAW_TEX_IN_PROSE.source, bare: BARE_CONTROL_WORD.source, control: CONTROL_CHARS.source },
  );
}

/** Ready lessons (links in the table of contents) and how many steps each has (from the step crumb). */
async function readyLessons(page: Page): Promise<string[]> {
  return page.$$eval('nav[aria-label=Lessons] > ol > li > a', (as) => as.map((a) => a.getAttribute('href')!.split('/')[1]));
}

describe('TeX as the learner sees it', () => {
  it('no step of any ready lesson shows raw TeX, a KaTeX error, or TeX that lost a backslash', async () => {
    const app = await openApp('/welcome/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      const ids = await readyLessons(page);
      expect(ids).toContain('how-networks-learn');
      const bad: StepReport[] = [];
      let formulas = 0;
      for (const id of ids) {
        const steps = await openStep(page, id, 1);
        expect(steps, id).toBeGreaterThan(0);
        for (let s = 1; s <= steps; s++) {
          if (s > 1) await openStep(page, id, s);
          const r = await readStep(page);
          formulas += await page.$$eval('[data-testid=lesson] .katex', (k) => k.length);
          if (r.katexErrors.length + r.prose.length + r.tex.length > 0) bad.push({ where: `${id}/${s}`, ...r });
        }
      }
      expect(formulas).toBeGreaterThan(100); // the check looked at real maths
      expect(bad).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('the checks catch the mistake they are for (a formula typed with lost backslashes)', async () => {
    const app = await openApp('/welcome/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=lesson]');
      // What a lost backslash leaves in KaTeX's annotation ("\cdot" → "cdot", "\theta" → tab + "heta"), and
      // TeX that escaped its dollar signs into the prose.
      await page.evaluate(() => {
        const article = document.querySelector('[data-testid=lesson]')!;
        const p = document.createElement('p');
        p.append('Leaked \\frac{a}{b} here.');
        for (const tex of ['4cdot4cdot2+2=34', '\u0009heta']) {
          const span = document.createElement('span');
          span.className = 'katex';
          const note = document.createElement('annotation');
          note.setAttribute('encoding', 'application/x-tex');
          note.textContent = tex;
          span.append(note);
          p.append(span);
        }
        article.append(p);
      });
      const r = await readStep(page);
      expect(r.prose).toContain('\\frac');
      expect(r.tex).toEqual(['"4cdot4cdot2+2=34"', '"\\theta"']);
    } finally {
      await app.close();
    }
  });
});
