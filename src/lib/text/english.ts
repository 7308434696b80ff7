/**
 * Wording without a catalogue, for code that also runs in the training and comparison workers, which must not
 * reach src/lib/i18n (test/lessons/ship-it/workerGraph.test.ts): such code takes a translate function, gets the
 * page's t() on the page, and falls back to English elsewhere.
 */

/**
 * A translation function: English text with `{name}` placeholders in, the learner's words out. The page passes
 * i18n's t(). Named `t` at the call sites so test/i18n/catalog.test.ts finds the keys.
 */
export type Translate = (en: string, params?: Record<string, string>) => string;

/** The English itself with its placeholders filled: the default where the page's t() is not at hand. */
export const english: Translate = (en, params) => en.replace(/\{(\w+)\}/g, (m, k: string) => params?.[k] ?? m);
