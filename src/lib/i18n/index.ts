/** The i18n layer's only door: the locale state and the translation functions. */
export { i18n, initLocale, setLocale, pickLocale, parseLocale, LOCALE_TAG, LANG_KEY, type Locale } from './locale';
export { t, tIn, fill, formatNumber, type Params } from './t';
