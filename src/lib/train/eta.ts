/**
 * Time left in a training run, from wall-clock times the page measures itself (a run's own `ms` per step leaves
 * out evaluation, checkpoints and messaging). Once an epoch has been timed end to end without a pause, the estimate
 * is the mean of the last three epoch times per remaining epoch; before that, the time per step since stepping
 * (re)started. A pause ends every measurement in progress, so paused time never counts as training time.
 */

/** Epoch times averaged for the estimate (the latest ones: a run's first epochs include warm-up costs). */
const EPOCHS_AVERAGED = 3;

export class EtaClock {
  private epochMs: number[] = [];
  private lastEpochEnd: number | null = null;
  /** The first step report seen since stepping (re)started: its time and the steps done by then. */
  private segment: { t0: number; done0: number } | null = null;

  /** `now`: milliseconds on any monotonic clock (performance.now by default; a fake one in tests). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Forgets everything (a new run). */
  reset(): void {
    this.epochMs = [];
    this.lastEpochEnd = null;
    this.segment = null;
  }

  /** A step report arrived; `done` = steps finished so far (globalStep + 1). The first one after (re)starting starts the clock. */
  step(done: number): void {
    this.segment ??= { t0: this.now(), done0: done };
  }

  /** An epoch ended now: times it when the previous end was seen without a pause in between. */
  epochEnded(): void {
    const t = this.now();
    if (this.lastEpochEnd !== null) this.epochMs.push(t - this.lastEpochEnd);
    this.lastEpochEnd = t;
  }

  /** Stepping stopped (pause, stop, an ending): the epoch and the stretch in progress are not timed. */
  paused(): void {
    this.segment = null;
    this.lastEpochEnd = null;
  }

  /** Milliseconds left after `done` of `totalSteps` steps (`stepsPerEpoch` per epoch); null before anything was timed. */
  estimate(done: number, stepsPerEpoch: number, totalSteps: number): number | null {
    const left = totalSteps - done;
    if (left <= 0) return 0;
    if (this.epochMs.length) {
      const recent = this.epochMs.slice(-EPOCHS_AVERAGED);
      return (recent.reduce((a, b) => a + b, 0) / recent.length) * (left / Math.max(1, stepsPerEpoch));
    }
    if (this.segment && done > this.segment.done0) return ((this.now() - this.segment.t0) / (done - this.segment.done0)) * left;
    return null;
  }
}
