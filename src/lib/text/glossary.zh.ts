/**
 * The glossary in Simplified Chinese, keyed by the English headword of src/lib/text/glossary.ts. `term` is the
 * word Chinese ML courses use (it is also the terminology list test/i18n checks the translations against);
 * `definition` says the same as the English one. A headword missing here shows the English entry.
 */
export const GLOSSARY_ZH: Record<string, { term: string; definition: string }> = {};
