/**
 * A step-through cursor for the sliding-window figures: which output cell is being computed (row-major),
 * with previous / next / play / pause. Plain numbers; the figure reads `step` and redraws.
 */

/** Milliseconds between steps while playing. */
export const PLAY_INTERVAL_MS = 700;

export class StepThrough {
  /** Current output cell, 0-based row-major; `count` means "all cells filled". */
  step = $state(0);
  /** Number of output cells. */
  count = $state(1);
  playing = $state(false);
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(count = 1) {
    this.count = Math.max(1, count);
  }

  /** Changes the number of cells (new settings) and goes back to the first. */
  reset(count: number): void {
    this.pause();
    this.count = Math.max(1, count);
    this.step = 0;
  }

  /** One cell on; after the last cell, the whole output is shown (step = count). */
  next(): void {
    if (this.step < this.count) this.step += 1;
    if (this.step >= this.count) this.pause();
  }

  prev(): void {
    if (this.step > 0) this.step -= 1;
  }

  /** Jumps to a cell (clamped to 0..count). */
  goTo(step: number): void {
    this.step = Math.min(this.count, Math.max(0, Math.round(step)));
  }

  /** Play from the start when finished; pause when playing. */
  toggle(): void {
    if (this.playing) return this.pause();
    if (this.step >= this.count) this.step = 0;
    this.playing = true;
    this.#timer = setInterval(() => this.next(), PLAY_INTERVAL_MS);
  }

  pause(): void {
    this.playing = false;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Stops the timer (call from the figure's teardown). */
  dispose(): void {
    this.pause();
  }
}
