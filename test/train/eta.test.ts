import { describe, it, expect } from 'vitest';
import { EtaClock } from '../../src/lib/train/eta';

/** A clock the test moves by hand (milliseconds). */
function fakeClock() {
  const c = { t: 1000, now: () => c.t };
  return c;
}

describe('EtaClock: time left from measured epoch times', () => {
  it('before any epoch is timed: the time per step since the first report, times the steps left', () => {
    const c = fakeClock();
    const eta = new EtaClock(c.now);
    expect(eta.estimate(0, 10, 100)).toBeNull();
    eta.step(1); // the first step (compiling) starts the clock, it is not timed itself
    c.t += 5000;
    eta.step(6); // 5 steps in 5 s
    expect(eta.estimate(6, 10, 100)).toBe(94 * 1000);
  });

  it('after two epoch ends: the epoch time per epoch left (mean of the last three epochs)', () => {
    const c = fakeClock();
    const eta = new EtaClock(c.now);
    eta.step(1);
    eta.epochEnded(); // the first end is a starting point, not a measurement
    const epochs = [30_000, 24_000, 18_000, 12_000];
    for (const ms of epochs) {
      c.t += ms;
      eta.epochEnded();
    }
    // mean of 24, 18, 12 s = 18 s per epoch; 4 epochs of 10 steps left plus 5 of 10 steps = 4.5 epochs
    expect(eta.estimate(55, 10, 100)).toBe(18_000 * 4.5);
    expect(eta.estimate(100, 10, 100)).toBe(0);
  });

  it('a pause is not training time: the epoch it interrupted is not timed, and stepping restarts the clock', () => {
    const c = fakeClock();
    const eta = new EtaClock(c.now);
    eta.step(1);
    eta.epochEnded();
    c.t += 10_000;
    eta.paused();
    c.t += 600_000; // ten minutes paused
    eta.step(15);
    c.t += 2_000;
    eta.step(17);
    expect(eta.estimate(17, 10, 100)).toBe(83 * 1000); // 1 s per step since resuming, not 10 minutes
    c.t += 3_000;
    eta.epochEnded(); // ends the interrupted epoch: no measurement
    c.t += 10_000;
    eta.epochEnded();
    expect(eta.estimate(30, 10, 100)).toBe(70_000);
    eta.reset();
    expect(eta.estimate(30, 10, 100)).toBeNull();
  });
});

describe('the progress line', async () => {
  const { progressText, durationText } = await import('../../lessons/train-it/etaText');
  it('reads "epoch 4/10 · ~2 min left"', () => {
    expect(progressText(4, 10, 118_000)).toBe('epoch 4/10 · ~2 min left');
    expect(progressText(1, 32, null)).toBe('epoch 1/32');
  });
  it('rounds seconds up to 5 under a minute, minutes to the nearest, and gives hours past 60 min', () => {
    expect([1, 41_000, 56_000].map(durationText)).toEqual(['5 s', '45 s', '1 min']);
    expect([60_000, 89_000, 91_000].map(durationText)).toEqual(['1 min', '1 min', '2 min']);
    expect(durationText(125 * 60_000)).toBe('2 h 5 min');
  });
});
