import { describe, it, expect, vi, afterEach } from 'vitest';
import { StepThrough, PLAY_INTERVAL_MS } from '../../../lessons/convolution/ConvLessonStepper.svelte';

afterEach(() => vi.useRealTimers());

describe('StepThrough', () => {
  it('moves one cell per next/prev, stops at both ends, and reset goes back to the first cell', () => {
    const s = new StepThrough(3);
    s.prev();
    expect(s.step).toBe(0);
    s.next(); s.next(); s.next(); s.next();
    expect(s.step).toBe(3); // = count: everything filled
    s.prev();
    expect(s.step).toBe(2);
    s.goTo(99);
    expect(s.step).toBe(3);
    s.reset(5);
    expect([s.step, s.count]).toEqual([0, 5]);
  });
  it('plays one step per interval and pauses itself at the end; play again restarts', () => {
    vi.useFakeTimers();
    const s = new StepThrough(2);
    s.toggle();
    expect(s.playing).toBe(true);
    vi.advanceTimersByTime(PLAY_INTERVAL_MS);
    expect(s.step).toBe(1);
    vi.advanceTimersByTime(PLAY_INTERVAL_MS);
    expect([s.step, s.playing]).toEqual([2, false]);
    s.toggle();
    expect([s.step, s.playing]).toEqual([0, true]);
    s.dispose();
    vi.advanceTimersByTime(10 * PLAY_INTERVAL_MS);
    expect([s.step, s.playing]).toEqual([0, false]);
  });
});
