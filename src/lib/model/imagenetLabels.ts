/**
 * ImageNet-1k's 1,000 class names, as microsoft/resnet-18's config.json id2label lists them (index i = class i).
 * They ship with the app (imagenetLabels.json, ~24 KB) so top-5 can name classes before — or without — a weights
 * download; the JSON is a separate chunk, fetched the first time a 1000-class model asks.
 */
let names: Promise<readonly string[]> | null = null;

/** The 1,000 names, index = class id; loaded once (a failed load is retried next call). */
export function loadImagenetLabels(): Promise<readonly string[]> {
  names ??= import('./imagenetLabels.json').then((m) => m.default as string[]).catch((e: unknown) => {
    names = null;
    throw e;
  });
  return names;
}
