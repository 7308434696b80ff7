/**
 * ImageNet-1k's 1,000 class names, as microsoft/resnet-18's config.json id2label lists them (index i = class i).
 * They ship with the app (imagenetLabels.json, ~24 KB) so top-5 can name classes before — or without — a weights
 * download; the JSON is a separate chunk, fetched the first time a 1000-class model asks. The Simplified Chinese
 * names (imagenetLabels.zh.json, same order, ~12 KB) are another chunk, fetched only when a Chinese page asks.
 */
import type { Locale } from '../i18n/index';

const names: Partial<Record<Locale, Promise<readonly string[]>>> = {};

/** The 1,000 names in `locale` (default English), index = class id; loaded once per locale (a failed load is retried next call). */
export function loadImagenetLabels(locale: Locale = 'en'): Promise<readonly string[]> {
  names[locale] ??= (locale === 'zh' ? import('./imagenetLabels.zh.json') : import('./imagenetLabels.json'))
    .then((m) => m.default as string[])
    .catch((e: unknown) => {
      delete names[locale];
      throw e;
    });
  return names[locale];
}
