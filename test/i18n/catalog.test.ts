/**
 * The Chinese catalogue covers the code: every literal t('…') / tIn(locale, '…') call in src/ and lessons/ has a
 * Chinese entry with the same {placeholders}; no area file contradicts another; entries are Chinese (not English
 * copied over). Read from the source text, so a component that needs a browser is covered too.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ZH, ZH_PARTS } from '../../src/lib/i18n/zh/index';
import { fill, pickLocale, parseLocale, tIn } from '../../src/lib/i18n/index';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|svelte)$/.test(name) && !/\.zh\.ts$/.test(name) && !p.includes(join('lib', 'i18n')) ? [p] : [];
  });
}

/** Literal keys of t('…'), t("…"), t(`…`) (no ${}) and tIn(x, '…') calls, with the file they are in. */
export function literalKeys(src: string): string[] {
  const keys: string[] = [];
  const re = /\b(?:t|tIn)\(\s*(?:[\w.]+\s*,\s*)?(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*[,)]/g;
  for (const m of src.matchAll(re)) {
    if (m[1] === '`' && m[2].includes('${')) continue;
    keys.push(m[1] === '`' ? m[2] : (new Function(`return ${m[1]}${m[2]}${m[1]}`)() as string));
  }
  return keys;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const files = [...walk('src'), ...walk('lessons')];
const uses = files.flatMap((f) => literalKeys(readFileSync(f, 'utf8')).map((key) => ({ f, key })));

describe('Chinese catalogue', () => {
  it('the scan finds the calls (not vacuous)', () => {
    expect(uses.length).toBeGreaterThanOrEqual(10);
    expect(literalKeys(`t('a'); t("b {n}", { n }); tIn(locale, 'c'); t(\`d\`); t(\`e \${x}\`); it('x')`)).toEqual(['a', 'b {n}', 'c', 'd']);
  });

  it('every literal t() key has a Chinese entry', () => {
    const missing = uses.filter((u) => !(u.key in ZH)).map((u) => `${u.f}: ${u.key}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('each entry has the same placeholders as its English key and is not English copied over', () => {
    for (const [en, zh] of Object.entries(ZH)) {
      expect(placeholders(zh), en).toEqual(placeholders(en));
      if (/[a-z]{3,}/i.test(en.replace(/\{\w+\}/g, ''))) expect(zh === en && /[a-z]{3,} [a-z]{3,}/i.test(en), en).toBe(false);
    }
  });

  it('no area file contradicts another', () => {
    const seen = new Map<string, string>();
    for (const [path, part] of Object.entries(ZH_PARTS)) {
      for (const [en, zh] of Object.entries(part)) {
        const before = seen.get(en);
        expect(before === undefined || before === zh, `${path}: "${en}" translated twice differently`).toBe(true);
        seen.set(en, zh);
      }
    }
  });
});

describe('locale choice and filling', () => {
  it('address, then stored choice, then browser languages, else English', () => {
    expect(pickLocale('?lang=zh', 'en', ['en-GB'])).toBe('zh');
    expect(pickLocale('?lang=xx', 'zh', ['en-GB'])).toBe('zh');
    expect(pickLocale('', null, ['fr-FR', 'zh-CN', 'en'])).toBe('zh');
    expect(pickLocale('', null, ['fr-FR'])).toBe('en');
    expect(parseLocale('zh-TW')).toBe('zh');
  });

  it('fills placeholders, formats numbers per locale and leaves unknown names visible', () => {
    expect(fill('{n} of {m}', { n: 1234.5, m: 'x' }, 'en')).toBe('1,234.5 of x');
    expect(fill('{n} {missing}', { n: 2 }, 'zh')).toBe('2 {missing}');
    expect(tIn('zh', 'step {step} of {count}', { step: 2, count: 5 })).toBe('第 2 步，共 5 步');
    expect(tIn('en', 'step {step} of {count}', { step: 2, count: 5 })).toBe('step 2 of 5');
    expect(tIn('zh', 'a key nobody translated')).toBe('a key nobody translated');
  });
});
