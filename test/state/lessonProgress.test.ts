import { describe, it, expect } from 'vitest';
import { LessonProgress, PROGRESS_KEY, type KeyValueStore } from '../../src/lib/state/LessonProgress.svelte';

/** An in-memory stand-in for localStorage that a second LessonProgress can read back (a "reload"). */
function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = String(v)) };
}

describe('LessonProgress', () => {
  it('starts empty on a fresh machine', () => {
    const p = new LessonProgress(memoryStore());
    expect(p.last).toBeNull();
    expect(p.visitedCount('welcome')).toBe(0);
  });

  it('remembers visited steps and the last position across a reload', () => {
    const store = memoryStore();
    const p = new LessonProgress(store);
    p.visit({ lessonId: 'welcome', step: 1 });
    p.visit({ lessonId: 'welcome', step: 3 });
    p.visit({ lessonId: 'welcome', step: 3 });
    p.visit({ lessonId: 'convolution', step: 2 });

    const reloaded = new LessonProgress(store);
    expect(reloaded.last).toEqual({ lessonId: 'convolution', step: 2 });
    expect(reloaded.visited.welcome).toEqual([1, 3]);
    expect(reloaded.hasVisited('welcome', 3)).toBe(true);
    expect(reloaded.hasVisited('welcome', 2)).toBe(false);
    expect(reloaded.visitedCount('convolution')).toBe(1);
  });

  it('ignores corrupt or foreign stored data instead of breaking', () => {
    expect(new LessonProgress(memoryStore({ [PROGRESS_KEY]: '{not json' })).last).toBeNull();
    const odd = new LessonProgress(memoryStore({ [PROGRESS_KEY]: JSON.stringify({ visited: { a: [1, 'x', -3, 2.5, 4] }, last: { lessonId: 7 } }) }));
    expect(odd.visited.a).toEqual([1, 4]);
    expect(odd.last).toBeNull();
  });

  it('keeps working when storage throws (private mode, quota)', () => {
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    const p = new LessonProgress(throwing);
    p.visit({ lessonId: 'welcome', step: 2 });
    expect(p.last).toEqual({ lessonId: 'welcome', step: 2 });
  });

  it('reset() forgets everything, also in storage', () => {
    const store = memoryStore();
    const p = new LessonProgress(store);
    p.visit({ lessonId: 'welcome', step: 2 });
    p.reset();
    expect(new LessonProgress(store).last).toBeNull();
  });

  it('complete() means every step 1…N seen, with N remembered from a visit (issue 15, #7)', () => {
    const store = memoryStore();
    const p = new LessonProgress(store);
    expect(p.complete('pooling')).toBe(false);
    p.visit({ lessonId: 'pooling', step: 1 }, 3);
    expect(p.totalSteps('pooling')).toBe(3);
    expect(p.complete('pooling')).toBe(false); // opening step 1 is not finishing the lesson
    p.visit({ lessonId: 'pooling', step: 3 }, 3);
    expect(p.complete('pooling')).toBe(false);
    p.visit({ lessonId: 'pooling', step: 2 }, 3);
    expect(p.complete('pooling')).toBe(true);
    // Known after a reload without loading the lesson; a lesson that grew a step is no longer complete.
    const reloaded = new LessonProgress(store);
    expect(reloaded.complete('pooling')).toBe(true);
    reloaded.visit({ lessonId: 'pooling', step: 1 }, 4);
    expect(reloaded.complete('pooling')).toBe(false);
  });

  it('never calls a lesson complete while its number of steps is unknown (progress saved before totals)', () => {
    const old = JSON.stringify({ visited: { welcome: [1, 2, 3, 4, 5, 6] }, last: { lessonId: 'welcome', step: 6 } });
    const p = new LessonProgress(memoryStore({ [PROGRESS_KEY]: old }));
    expect(p.visitedCount('welcome')).toBe(6);
    expect(p.totalSteps('welcome')).toBeNull();
    expect(p.complete('welcome')).toBe(false);
    const bad = JSON.stringify({ visited: { a: [1] }, totals: { a: 0, b: 2.5, c: 'x', d: 2 }, last: null });
    const q = new LessonProgress(memoryStore({ [PROGRESS_KEY]: bad }));
    expect([q.totalSteps('a'), q.totalSteps('b'), q.totalSteps('c'), q.totalSteps('d')]).toEqual([null, null, null, 2]);
  });

  it('reset() forgets the step counts too', () => {
    const p = new LessonProgress(memoryStore());
    p.visit({ lessonId: 'welcome', step: 1 }, 1);
    expect(p.complete('welcome')).toBe(true);
    p.reset();
    expect(p.complete('welcome')).toBe(false);
    expect(p.totalSteps('welcome')).toBeNull();
  });
});
