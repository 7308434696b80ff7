/**
 * The run's held-out test split, scored at most once and only when the run is over. The validation set already
 * steers the run (early stopping, the checkpoint kept, the learner's tuning), so its score flatters the network it
 * chose; a set that took part in no choice, scored once, is the honest estimate. Scoring it again after more
 * tuning would make it one more validation set, so a second score is refused.
 */
import type { EvalResult } from '../nn';
import type { ImageDataset } from '../data/dataset';
import type { RunStatus } from './phase';

/** Run statuses after which the test split may be scored: the run ended by itself, with usable weights. */
const SCORABLE: readonly RunStatus[] = ['finished', 'early-stopped'];

export class HeldOutTest {
  private result: EvalResult | null = null;
  private started = false;

  /** `set`: the test images (disjoint from train and validation, e.g. from trainValTestSplit). */
  constructor(readonly set: ImageDataset) {}

  /** The score, once it exists (null before). */
  get score(): EvalResult | null {
    return this.result;
  }

  /**
   * Scores the test split with `evaluate` (e.g. d => evaluateDataset(model, d, norm)) when `status` says the run is
   * over; rejects in plain words, evaluating nothing, before the end, on an empty split, or when it was scored already.
   */
  async scoreOnce(evaluate: (d: ImageDataset) => Promise<EvalResult>, status: RunStatus): Promise<EvalResult> {
    if (this.started) throw new Error('The test images have been scored once already; a second score would make them one more validation set.');
    if (!SCORABLE.includes(status)) throw new Error('The test images are scored once, when the run has finished or stopped early.');
    if (this.set.labels.length === 0) throw new Error('There are no test images to score.');
    this.started = true;
    this.result = await evaluate(this.set);
    return this.result;
  }
}
