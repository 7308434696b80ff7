/**
 * The Chinese catalogue: every `zh/<area>.ts` file (except this one) default-exports a Record from the English
 * text to its Simplified Chinese translation. Areas keep engineers working on different parts out of each other's
 * files; a key defined twice with different translations fails test/i18n/catalog.test.ts.
 */
const parts = import.meta.glob<{ default: Record<string, string> }>(['./*.ts', '!./index.ts'], { eager: true });

/** Every area's entries, merged (English key → Chinese text). */
export const ZH: Record<string, string> = Object.assign({}, ...Object.values(parts).map((m) => m.default));

/** The areas' entries as loaded, for the duplicate-key check. */
export const ZH_PARTS: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(parts).map(([path, m]) => [path, m.default]),
);
