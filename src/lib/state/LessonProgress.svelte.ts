/**
 * Which steps the learner has seen and where they stopped, kept in localStorage so a reload (or a visit
 * next week) continues where they left off.
 */
import type { Route } from './Router.svelte';

/** localStorage key; bump the version if the stored shape changes. */
export const PROGRESS_KEY = 'resnet18-notebook.progress.v1';

interface Stored {
  visited: Record<string, number[]>;
  last: Route | null;
}

/** Minimal Storage surface (window.localStorage, or a stand-in in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function load(store: KeyValueStore | null): Stored {
  const empty: Stored = { visited: {}, last: null };
  try {
    const raw = store?.getItem(PROGRESS_KEY);
    if (!raw) return empty;
    const data = JSON.parse(raw) as Partial<Stored>;
    const visited: Record<string, number[]> = {};
    for (const [id, steps] of Object.entries(data.visited ?? {})) {
      if (Array.isArray(steps)) visited[id] = steps.filter((s) => Number.isInteger(s) && s > 0);
    }
    const last = data.last && typeof data.last.lessonId === 'string' && Number.isInteger(data.last.step) ? data.last : null;
    return { visited, last };
  } catch {
    return empty; // corrupt or foreign data: start fresh rather than break the page
  }
}

/** Reactive progress: visited steps per lesson and the last position, saved on every visit. */
export class LessonProgress {
  visited = $state<Record<string, number[]>>({});
  last = $state<Route | null>(null);
  #store: KeyValueStore | null;

  constructor(store: KeyValueStore | null = safeLocalStorage()) {
    this.#store = store;
    const s = load(store);
    this.visited = s.visited;
    this.last = s.last;
  }

  /** Records that the learner is at `route` (marks it visited and as the last position). */
  visit(route: Route): void {
    const seen = this.visited[route.lessonId] ?? [];
    if (!seen.includes(route.step)) this.visited[route.lessonId] = [...seen, route.step].sort((a, b) => a - b);
    this.last = { lessonId: route.lessonId, step: route.step };
    this.#save();
  }

  /** True when the learner has seen that step. */
  hasVisited(lessonId: string, step: number): boolean {
    return this.visited[lessonId]?.includes(step) ?? false;
  }

  /** Number of distinct steps seen in a lesson. */
  visitedCount(lessonId: string): number {
    return this.visited[lessonId]?.length ?? 0;
  }

  /** Forgets everything (the "reset progress" action). */
  reset(): void {
    this.visited = {};
    this.last = null;
    this.#save();
  }

  #save(): void {
    try {
      this.#store?.setItem(PROGRESS_KEY, JSON.stringify({ visited: $state.snapshot(this.visited), last: this.last }));
    } catch {
      /* storage full or blocked: progress lasts for this page only */
    }
  }
}

function safeLocalStorage(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
