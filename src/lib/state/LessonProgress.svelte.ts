/**
 * Which steps the learner has seen and where they stopped, kept in localStorage so a reload (or a visit
 * next week) continues where they left off.
 */
import type { Route } from './Router.svelte';

/** localStorage key; bump the version if the stored shape changes. */
export const PROGRESS_KEY = 'resnet18-notebook.progress.v1';

interface Stored {
  visited: Record<string, number[]>;
  /** Number of steps of each lesson opened so far, so the TOC can tell "all seen" without loading a lesson. */
  totals: Record<string, number>;
  last: Route | null;
}

/** Minimal Storage surface (window.localStorage, or a stand-in in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function load(store: KeyValueStore | null): Stored {
  const empty: Stored = { visited: {}, totals: {}, last: null };
  try {
    const raw = store?.getItem(PROGRESS_KEY);
    if (!raw) return empty;
    const data = JSON.parse(raw) as Partial<Stored>;
    const visited: Record<string, number[]> = {};
    for (const [id, steps] of Object.entries(data.visited ?? {})) {
      if (Array.isArray(steps)) visited[id] = steps.filter((s) => Number.isInteger(s) && s > 0);
    }
    const totals: Record<string, number> = {};
    for (const [id, n] of Object.entries(data.totals ?? {})) if (Number.isInteger(n) && n > 0) totals[id] = n;
    const last = data.last && typeof data.last.lessonId === 'string' && Number.isInteger(data.last.step) ? data.last : null;
    return { visited, totals, last };
  } catch {
    return empty; // corrupt or foreign data: start fresh rather than break the page
  }
}

/** Reactive progress: visited steps per lesson and the last position, saved on every visit. */
export class LessonProgress {
  visited = $state<Record<string, number[]>>({});
  totals = $state<Record<string, number>>({});
  last = $state<Route | null>(null);
  #store: KeyValueStore | null;

  constructor(store: KeyValueStore | null = safeLocalStorage()) {
    this.#store = store;
    const s = load(store);
    this.visited = s.visited;
    this.totals = s.totals;
    this.last = s.last;
  }

  /**
   * Records that the learner is at `route` (marks it visited and as the last position); `totalSteps`, when
   * given, is the lesson's number of steps, remembered for {@link complete}.
   */
  visit(route: Route, totalSteps?: number): void {
    const seen = this.visited[route.lessonId] ?? [];
    if (!seen.includes(route.step)) this.visited[route.lessonId] = [...seen, route.step].sort((a, b) => a - b);
    if (totalSteps !== undefined && Number.isInteger(totalSteps) && totalSteps > 0) this.totals[route.lessonId] = totalSteps;
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

  /** The lesson's number of steps as last seen, or null when it was never opened (or opened before totals were kept). */
  totalSteps(lessonId: string): number | null {
    return this.totals[lessonId] ?? null;
  }

  /** True when every step 1…N of the lesson has been seen (N known from a visit); false while N is unknown. */
  complete(lessonId: string): boolean {
    const n = this.totals[lessonId];
    if (!n) return false;
    return new Set((this.visited[lessonId] ?? []).filter((s) => s <= n)).size === n;
  }

  /** Forgets everything (the "reset progress" action). */
  reset(): void {
    this.visited = {};
    this.totals = {};
    this.last = null;
    this.#save();
  }

  #save(): void {
    try {
      this.#store?.setItem(PROGRESS_KEY, JSON.stringify({ visited: $state.snapshot(this.visited), totals: $state.snapshot(this.totals), last: this.last }));
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
