/**
 * The training worker's stepping loop, apart from its message port so that Node can test it: run, pause (the step
 * in flight finishes, then everything is saved), single step (saved too), and the held-out test split, scored once
 * when the run ends by itself and reported after the last epoch. Holds no tensors of its own: the Trainer does.
 */
import type { EvalResult } from '../lib/nn';
import type { ImageDataset } from '../lib/data/dataset';
import type { Trainer } from '../lib/train/trainer';
import { HeldOutTest } from '../lib/train/heldOutTest';
import { evaluateDataset } from '../lib/train/evaluate';
import { stepMessages, type FromWorker } from './protocol';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** How the test split is scored: eval mode, with the recipe's flip test-time augmentation, like validation. */
export type TestScorer = (t: Trainer, d: ImageDataset) => Promise<EvalResult>;
const scoreLikeValidation: TestScorer = (t, d) => evaluateDataset(t.model, d, t.norm, { flipTTA: t.config.flipTTA });

export class RunLoop {
  /** Stepping is wanted (Run pressed, not yet paused). */
  private running = false;
  /** A step is being taken (by the loop or a single step). */
  private looping = false;
  private firstStep = true;
  private readonly test: HeldOutTest | null;

  /**
   * `test`: the held-out images (disjoint from the Trainer's train and validation sets), or none; `compilingNote`:
   * what the first step's status says; `scoreTest`: how the test split is scored (a counting stand-in in tests).
   */
  constructor(readonly trainer: Trainer, private readonly post: (m: FromWorker) => void, test: ImageDataset | null,
    private readonly compilingNote = 'First step: warming up…', private readonly scoreTest: TestScorer = scoreLikeValidation) {
    this.test = test && test.labels.length ? new HeldOutTest(test) : null;
  }

  /** Steps until paused or the run ends; resolves when the loop exits (rejects with a step's failure). */
  async run(): Promise<void> {
    this.running = true;
    if (this.looping) return;
    this.looping = true;
    try {
      if (this.trainer.status === 'ready') this.post({ type: 'status', phase: 'running', message: '' });
      while (this.running && this.trainer.status === 'ready') {
        await this.oneStep();
        await tick();
      }
    } finally {
      this.looping = false;
    }
  }

  /** Stops stepping: the step in flight finishes and is reported, then the run is checkpointed and 'paused' posted. */
  async pause(): Promise<void> {
    this.running = false;
    while (this.looping) await tick();
    await this.settle();
  }

  /** Stops stepping and waits for the step in flight, saving and saying nothing (a new run replaces this one). */
  async halt(): Promise<void> {
    this.running = false;
    while (this.looping) await tick();
  }

  /** One step while paused; it is checkpointed like a pause, so a reload resumes after it. */
  async singleStep(): Promise<void> {
    if (this.running || this.looping || this.trainer.status !== 'ready') return;
    this.looping = true;
    try {
      await this.oneStep();
    } finally {
      this.looping = false;
    }
    await this.settle();
  }

  /** Saves where the run stands and says so ('paused'), or says why it ended when it cannot be saved. */
  private async settle(): Promise<void> {
    const t = this.trainer;
    const checkpointed = t.status === 'ready' ? await t.saveCheckpoint() : false;
    // A state that cannot be saved (NaN/±Infinity) ends the run: say so instead of 'paused'.
    if (t.status !== 'ready' && !checkpointed) this.post({ type: 'status', phase: t.status, message: t.message });
    else this.post({ type: 'status', phase: 'paused', message: checkpointed ? 'Paused; saved where it stopped.' : 'Paused.', checkpointed });
  }

  private async oneStep(): Promise<void> {
    const t = this.trainer;
    if (this.firstStep) this.post({ type: 'status', phase: 'compiling', message: this.compilingNote });
    const r = await t.step();
    this.firstStep = false;
    // The report carries the rows the Trainer appended to its history; the page appends the same rows.
    for (const m of stepMessages(r)) this.post(m);
    if (t.status !== 'ready') {
      this.running = false;
      await this.scoreTestOnce();
      this.post({ type: 'status', phase: t.status, message: t.message });
    }
  }

  /** The one test score, when the run ended by itself with usable weights (HeldOutTest refuses any other time). */
  private async scoreTestOnce(): Promise<void> {
    const t = this.trainer;
    if (!this.test || (t.status !== 'finished' && t.status !== 'early-stopped')) return;
    const r = await this.test.scoreOnce((d) => this.scoreTest(t, d), t.status);
    this.post({ type: 'test', top1: r.accuracy, top5: r.top5, loss: r.loss, count: r.count, afterEpoch: t.epoch });
  }
}
