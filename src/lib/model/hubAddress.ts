/**
 * Which server the page downloads checkpoints from. `?hub=http://localhost:PORT` points the loader at a local
 * mirror with the hub's URL layout (offline classrooms, and the browser test); only loopback http addresses are
 * taken from the URL, so a link cannot send the page to fetch weights from an arbitrary host.
 */
import { HUB_BASE } from '../hub/hub';

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/;

/** The loopback mirror named by `?hub=` in a query string (with or without its "?"), or null. */
export function hubMirrorFromSearch(search: string): string | null {
  try {
    const q = new URLSearchParams(search).get('hub');
    return q && LOOPBACK.test(q) ? q : null;
  } catch {
    return null;
  }
}

/** The hub base for this page: the ?hub= loopback mirror when given, else https://huggingface.co. */
export function pageHubBase(): string {
  return hubMirrorFromSearch(globalThis.location?.search ?? '') ?? HUB_BASE;
}
