import { describe, it, expect, afterEach } from 'vitest';
import { parseHash, formatHash, Router } from '../../src/lib/state/Router.svelte';
import { neighbours } from '../../src/lib/state/navigation';

describe('parseHash', () => {
  it('reads a lesson id and a 1-based step', () => {
    expect(parseHash('#/convolution/3')).toEqual({ lessonId: 'convolution', step: 3 });
    expect(parseHash('#/residual-block/12')).toEqual({ lessonId: 'residual-block', step: 12 });
  });
  it('defaults a missing, zero or non-numeric step to 1', () => {
    expect(parseHash('#/welcome')).toEqual({ lessonId: 'welcome', step: 1 });
    expect(parseHash('#/welcome/')).toEqual({ lessonId: 'welcome', step: 1 });
    expect(parseHash('#/welcome/0')).toEqual({ lessonId: 'welcome', step: 1 });
    expect(parseHash('#/welcome/two')).toEqual({ lessonId: 'welcome', step: 1 });
    expect(parseHash('#/welcome/-2')).toEqual({ lessonId: 'welcome', step: 1 });
  });
  it("maps 'last' to a step the shell clamps to the lesson's length", () => {
    expect(parseHash('#/pooling/last')?.step).toBe(Number.MAX_SAFE_INTEGER);
  });
  it('returns null for an empty hash or a malformed id', () => {
    expect(parseHash('')).toBeNull();
    expect(parseHash('#')).toBeNull();
    expect(parseHash('#/')).toBeNull();
    expect(parseHash('#/<script>/1')).toBeNull();
    expect(parseHash('#/Welcome/1')).toBeNull();
  });
  it('round-trips through formatHash', () => {
    expect(formatHash({ lessonId: 'train-it', step: 4 })).toBe('#/train-it/4');
    expect(parseHash(formatHash({ lessonId: 'train-it', step: 4 }))).toEqual({ lessonId: 'train-it', step: 4 });
  });
});

describe('Router', () => {
  let router: Router | null = null;
  afterEach(() => {
    router?.destroy();
    window.location.hash = '';
  });

  it('follows hashchange events and navigates with go()', async () => {
    window.location.hash = '#/pooling/2';
    router = new Router(window);
    expect(router.route).toEqual({ lessonId: 'pooling', step: 2 });
    router.go({ lessonId: 'welcome', step: 3 });
    expect(window.location.hash).toBe('#/welcome/3');
    window.location.hash = '#/batchnorm/5';
    await new Promise((r) => setTimeout(r, 0)); // hashchange is dispatched asynchronously
    expect(router.route).toEqual({ lessonId: 'batchnorm', step: 5 });
  });

  it('replace() corrects the URL without adding a history entry', () => {
    window.location.hash = '#/welcome/99';
    router = new Router(window);
    const before = window.history.length;
    router.replace({ lessonId: 'welcome', step: 5 });
    expect(window.location.hash).toBe('#/welcome/5');
    expect(window.history.length).toBe(before);
  });
});

describe('neighbours', () => {
  const syllabus = [
    { id: 'a', title: 'A', summary: '' },
    { id: 'b', title: 'B', summary: '' },
    { id: 'c', title: 'C', summary: '' },
  ];
  const readyAC = (id: string) => id !== 'b';

  it('moves within a lesson', () => {
    expect(neighbours(syllabus, readyAC, 'a', 2, 4)).toEqual({ prev: '#/a/1', next: '#/a/3', nextLabel: 'Next' });
  });
  it('skips lessons that are still coming at the edges', () => {
    expect(neighbours(syllabus, readyAC, 'a', 4, 4)).toEqual({ prev: '#/a/3', next: '#/c/1', nextLabel: 'Next lesson: C' });
    expect(neighbours(syllabus, readyAC, 'c', 1, 2).prev).toBe('#/a/last');
  });
  it('has no previous before the first step and no next after the last ready lesson', () => {
    expect(neighbours(syllabus, readyAC, 'a', 1, 4).prev).toBeNull();
    expect(neighbours(syllabus, readyAC, 'c', 2, 2).next).toBeNull();
  });
});
