/**
 * Translation, gettext style: the English text is the key, so components stay readable as English and a missing
 * translation shows English rather than a key. `t('Epoch {n} of {total}', { n, total })` fills `{name}`
 * placeholders after choosing the language. The Chinese catalogues are src/lib/i18n/zh/*.ts (one per area, merged
 * here); test/i18n/catalog.test.ts finds every literal t('…') call in src/ and lessons/ and fails when one has no
 * Chinese entry or the placeholders differ.
 *
 * Reactivity: t() reads `i18n.current` (a $state), so a template expression that calls it re-renders when the
 * language changes. Strings computed once and stored do not: translate where the text is shown.
 */
import { i18n, LOCALE_TAG, type Locale } from './locale';
import { ZH } from './zh/index';

/** Placeholder values: numbers are formatted for the current locale. */
export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown name stays visible as `{name}` so a test can catch it. */
export function fill(text: string, params: Params | undefined, locale: Locale): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? formatNumber(v, undefined, locale) : v;
  });
}

/** The text in the current language (English when no translation exists). */
export function t(en: string, params?: Params): string {
  const locale = i18n.current;
  const text = locale === 'zh' ? (ZH[en] ?? en) : en;
  return fill(text, params, locale);
}

/** The text in a given language, for code that must not depend on the page's state (tests, exports). */
export function tIn(locale: Locale, en: string, params?: Params): string {
  return fill(locale === 'zh' ? (ZH[en] ?? en) : en, params, locale);
}

const formats = new Map<string, Intl.NumberFormat>();

/** A number formatted for the locale (grouping, decimal sign); options as Intl.NumberFormat's. */
export function formatNumber(x: number, options?: Intl.NumberFormatOptions, locale: Locale = i18n.current): string {
  const key = `${locale}|${JSON.stringify(options ?? {})}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE_TAG[locale], options);
    formats.set(key, f);
  }
  return f.format(x);
}
