/**
 * App state of the training studio: the recipe, the worker that trains, and everything it reports (plain
 * arrays, bumped `version` so views redraw). The worker owns all tensors; this class owns none.
 */
import { DEFAULT_TRAIN_CONFIG, withOptimizer, type TrainConfig } from '../../src/lib/train/config';
import { emptyHistory, appendStepRow, appendEpochRow } from '../../src/lib/train/history';
import { hasEnded, type Phase } from '../../src/lib/train/phase';
import { loadRunRecord, saveRunRecord, IdbCheckpointStore, RunRecordError, type RunRecord } from '../../src/lib/train/idbStore';
import { estimateRecipe, memoryProblem } from '../../src/lib/train/memoryEstimate';
import { checkpointClause } from '../../src/lib/train/failures';
import { confusionMatrix, perClassReport } from '../../src/lib/data/metrics';
import type { FromWorker, ToWorker, EpochMessage, ExportedMessage, GradCamMessage, ReplyMessage, StepMessage, TestMessage } from '../../src/workers/protocol';
import { PendingRequests } from '../../src/workers/requests';
import type { BackendName } from '../../src/lib/backend/choose';
import { TrainingRunData } from './TrainingRunData.svelte';
import { readPretrained, finetuneFields, type PretrainedPick } from './pretrainedPick';
import { EtaClock } from '../../src/lib/train/eta';

export const RUN_KEY = 'studio';

export class TrainingRun {
  readonly data = new TrainingRunData();
  config = $state<TrainConfig>(structuredClone(DEFAULT_TRAIN_CONFIG));
  phase = $state<Phase>('idle');
  message = $state('');
  backendUsed = $state<string | null>(null);
  /** Bumped on every report; views read it to redraw from the plain arrays below. */
  version = $state(0);
  history = emptyHistory();
  last = $state.raw<StepMessage | null>(null);
  lastEpoch = $state.raw<EpochMessage | null>(null);
  /** The held-out test split's one score, once the run has ended by itself (null before, and without test images). */
  testScore = $state.raw<TestMessage | null>(null);
  totalSteps = $state(0);
  stepsPerEpoch = $state(0);
  modelSize = $state.raw<{ params: number; macs: number } | null>(null);
  /** The run whose checkpoint is stored (an earlier visit's, or this run's last checkpoint); null when none. */
  saved = $state.raw<RunRecord | null>(null);
  /** Why the stored run's record cannot be offered for resuming (damaged); the page offers to discard it. */
  savedProblem = $state<string | null>(null);
  /** How long Stop waits for a worker that says nothing (a long step) before ending it. */
  stopGraceMs = 3000;
  /** The weights file picked for fine-tuning (bytes stay here so that every Start can send them). */
  pretrained = $state.raw<PretrainedPick | null>(null);
  pretrainedError = $state<string | null>(null);
  /** What the worker did with the fine-tuning weights at the last Start (null: none loaded). */
  loadNote = $state<string | null>(null);
  /** Wall-clock times of this run's steps and epochs, for the time left (tests give it a fake clock). */
  eta = new EtaClock();
  #worker: Worker | null = null;
  #backend: BackendName | null = null;
  /** The worker ran out of memory, failed or crashed (its wasm heap may be unusable): the next Start makes a new one. */
  #stale = false;
  /** When the worker last said anything (performance.now()), so Stop can tell a long step from a dead one. */
  #heardAt = 0;
  /** Export and Grad-CAM requests in flight, each answered by its own id. */
  #requests = new PendingRequests<ReplyMessage>();

  get busy(): boolean {
    return this.phase === 'starting' || this.phase === 'compiling' || this.phase === 'running';
  }

  /** Confusion matrix and per-class report of the last validation pass. */
  get evaluation() {
    const e = this.lastEpoch;
    const val = this.data.val;
    if (!e || !val || e.preds.length !== val.labels.length) return null;
    const cm = confusionMatrix(val.labels, e.preds, val.classNames.length);
    return { confusion: cm, report: perClassReport(cm) };
  }

  /** Milliseconds this run still needs while it is stepping (see EtaClock); null when not running or not yet timed. */
  timeLeft(): number | null {
    if (this.phase !== 'running' || !this.last) return null;
    return this.eta.estimate(this.last.globalStep + 1, this.stepsPerEpoch, this.totalSteps);
  }

  /** Looks for a run saved by an earlier visit (IndexedDB); a damaged record sets `savedProblem` instead. */
  async checkSaved(): Promise<void> {
    try {
      this.saved = await loadRunRecord(RUN_KEY);
      this.savedProblem = null;
    } catch (e) {
      this.saved = null;
      this.savedProblem = e instanceof RunRecordError ? e.message : null;
    }
  }

  #ensureWorker(backend: BackendName): Worker {
    if (this.#worker && this.#backend === backend && !this.#stale) return this.#worker;
    this.#endWorker('The training worker was restarted; ask again.');
    this.#stale = false;
    const w = new Worker(new URL('../../src/workers/train.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => this.#onMessage(e.data);
    w.onerror = (e) => {
      const why = `The training worker crashed: ${e.message || 'unknown error'}`;
      this.#stale = true;
      this.#requests.rejectAll(new Error(why));
      this.#fail(why);
    };
    this.#post({ type: 'init', backend }, w);
    this.#worker = w;
    this.#backend = backend;
    return w;
  }

  #post(m: ToWorker, w = this.#worker): void {
    w?.postMessage(m);
  }

  /** Picks a weights file to fine-tune from (see readPretrained) and switches the recipe to it. Never throws. */
  async usePretrained(file: File): Promise<void> {
    this.pretrainedError = null;
    try {
      this.pretrained = await readPretrained(file);
      Object.assign(this.config, finetuneFields(this.pretrained, this.config));
    } catch (e) {
      this.pretrainedError = (e as Error).message;
    }
  }

  /** Switches the optimiser; a learning rate still at the other one's default follows (see withOptimizer). */
  useOptimizer(optimizer: TrainConfig['optimizer']): void {
    const { lr } = withOptimizer(this.config, optimizer);
    Object.assign(this.config, { optimizer, lr });
  }

  /** Back to training from scratch (CIFAR variant, fresh initialisation). */
  clearPretrained(): void {
    this.pretrained = null;
    this.pretrainedError = null;
    Object.assign(this.config, { variant: 'cifar', finetune: null });
  }

  /** Starts a fresh run (resume=false) or continues the saved one. The dataset must be loaded. */
  async start(backend: BackendName, resume = false, lrOverride?: number): Promise<void> {
    if (!this.data.train) {
      this.phase = 'starting';
      this.message = 'Building the dataset…';
      await this.data.useSynthetic();
    }
    const { train, val, test, spec } = this.data;
    if (!train || !val || !spec) return this.#fail(this.data.error ?? 'Load or build a dataset first.');
    const ft = this.config.finetune;
    if (!resume && ft && this.pretrained?.name !== ft.source) {
      return this.#fail(`Fine-tuning needs its weights file (${ft.source}) again: pick it in the recipe, or switch fine-tuning off.`);
    }
    // Refused before any worker starts: a wasm heap that overflows cannot be used again.
    const tooBig = resume ? null : memoryProblem(estimateRecipe(this.config, train.classNames.length, train.height), backend);
    if (tooBig) return this.#fail(tooBig);
    this.eta.reset();
    // The test split is scored once per run: a continued run that already has its score keeps it and sends no test images.
    const scored = resume && this.saved?.test ? { type: 'test' as const, ...this.saved.test } : null;
    Object.assign(this, { loadNote: null, history: emptyHistory(), last: null, lastEpoch: null, testScore: scored, phase: 'starting',
      message: resume ? 'Restoring the saved run…' : 'Building the model…' });
    this.#ensureWorker(backend);
    this.#post({ type: 'start', key: RUN_KEY, config: $state.snapshot(this.config) as TrainConfig, train, val, test: scored ? undefined : test ?? undefined, resume, lrOverride,
      pretrained: !resume && ft ? this.pretrained?.bytes : undefined });
    this.#post({ type: 'run' });
  }

  /** Rebuilds the saved run's dataset and continues it; false when its data cannot be rebuilt. */
  resumeSaved(backend: BackendName): boolean {
    if (!this.saved) return false;
    // A user's files are not stored: they must be loaded again (the worker checks classes and size match).
    const reloaded = this.saved.dataset.kind === 'custom' && this.data.spec?.kind === 'custom' && !!this.data.train;
    const spec = this.saved.dataset;
    if (reloaded) void this.start(backend, true);
    else if (spec.kind === 'synthetic') {
      this.phase = 'starting';
      this.message = 'Rebuilding the dataset…';
      void this.data.rebuild(spec).then(() => this.start(backend, true));
    } else return false;
    return true;
  }

  async discardSaved(): Promise<void> {
    await new IdbCheckpointStore().remove(RUN_KEY).catch(() => undefined);
    this.saved = null;
    this.savedProblem = null;
  }

  pause = () => this.#post({ type: 'pause' });
  resume = () => this.#post({ type: 'run' });
  step = () => this.#post({ type: 'step' });

  /**
   * Asks the worker to stop (it saves where it is). A worker silent for stopGraceMs — inside a long step — is
   * ended instead; the stored checkpoint, written atomically by IndexedDB, stays resumable.
   */
  stop = (): void => {
    const w = this.#worker;
    if (!w) return;
    this.#post({ type: 'stop' });
    this.#heardAt = performance.now();
    const check = () => {
      if (this.#worker !== w || hasEnded(this.phase)) return;
      if (performance.now() - this.#heardAt < this.stopGraceMs) return void setTimeout(check, this.stopGraceMs / 4);
      this.#endWorker('Stop ended the training worker.');
      this.phase = 'stopped';
      const kept = this.saved && { epoch: this.saved.epoch, globalStep: this.saved.globalStep };
      this.message = `Stopped mid-step (the worker was ended after ${this.stopGraceMs / 1000} s without answering); ${checkpointClause(kept)}.`;
    };
    setTimeout(check, this.stopGraceMs / 4);
  };

  /** Asks the worker for the trained weights; resolves with the files to download, rejects with the worker's reason. */
  async exportModel(format: 'safetensors' | 'tfjs'): Promise<ExportedMessage['files']> {
    return ((await this.#ask((id) => ({ type: 'export', id, format }))) as ExportedMessage).files;
  }

  /** Grad-CAM of validation image `index` from the worker's current model; rejects with the worker's reason. */
  async gradCam(index: number): Promise<GradCamMessage> {
    return (await this.#ask((id) => ({ type: 'gradcam', id, index }))) as GradCamMessage;
  }

  /** Sends a request under its own id; its reply (or error) settles this promise and no other. */
  #ask(request: (id: number) => ToWorker): Promise<ReplyMessage> {
    return this.#requests.open((id) => {
      if (!this.#worker) throw new Error('There is no model yet: start a run first.');
      this.#post(request(id));
    });
  }

  #onMessage(m: FromWorker): void {
    this.#heardAt = performance.now();
    if ((m.type === 'status' && (m.phase === 'oom' || m.phase === 'error')) || (m.type === 'error' && m.id === undefined)) this.#stale = true;
    if (m.type === 'ready') this.backendUsed = m.backend;
    else if (m.type === 'started') this.#onStarted(m);
    else if (m.type === 'step') this.#onStep(m);
    else if (m.type === 'epoch') this.#onEpoch(m);
    else if (m.type === 'test') { this.testScore = m; this.#recordSaved(); } // kept with the run: continuing it scores no second time
    else if (m.type === 'status') {
      if (m.phase !== 'running' && m.phase !== 'compiling') this.eta.paused();
      this.phase = m.phase;
      this.message = m.message;
      if (m.checkpointed) this.#recordSaved();
    } else if (m.type === 'exported' || m.type === 'gradcam') this.#requests.resolve(m.id, m);
    else if (m.type === 'error' && m.id !== undefined) this.#requests.reject(m.id, new Error(m.message));
    else if (m.type === 'error') this.#fail(m.message);
  }

  #onStarted(m: Extract<FromWorker, { type: 'started' }>): void {
    // a resumed run shows (and keeps) the recipe it was started with
    Object.assign(this, { history: m.history, totalSteps: m.totalSteps, stepsPerEpoch: m.stepsPerEpoch, config: m.config,
      modelSize: { params: m.params, macs: m.macs }, version: this.version + 1 });
    if (m.status !== 'ready') return void Object.assign(this, { phase: m.status, message: m.message });
    this.message = m.resumed ? `Resumed at epoch ${m.epoch + 1}, step ${m.globalStep}.` : '';
    this.loadNote = m.loadNote;
    if (m.resumed) this.#recordSaved();
    else this.saved = null; // a fresh run: the worker removed the stored checkpoint
  }

  #onStep(m: StepMessage): void {
    appendStepRow(this.history, m);
    this.eta.step(m.globalStep + 1);
    if (this.phase === 'compiling' || this.phase === 'starting') Object.assign(this, { phase: 'running', message: '' });
    this.last = m;
    this.version += 1;
  }

  #onEpoch(m: EpochMessage): void {
    appendEpochRow(this.history, m);
    this.eta.epochEnded();
    this.lastEpoch = m;
    if (m.checkpointed) this.#recordSaved();
    this.version += 1;
  }

  /** The record that describes this run where it stands (what a checkpoint written now holds); null without a dataset. */
  currentRecord(): RunRecord | null {
    const spec = this.data.spec;
    if (!spec) return null;
    const s = this.testScore;
    return { key: RUN_KEY, dataset: spec, epoch: this.history.epoch.valLoss.length, globalStep: this.history.step.loss.length, totalSteps: this.totalSteps,
      stepsPerEpoch: this.stepsPerEpoch, savedAt: Date.now(), test: s ? { top1: s.top1, top5: s.top5, loss: s.loss, count: s.count, afterEpoch: s.afterEpoch } : undefined };
  }

  #recordSaved(): void {
    const rec = this.currentRecord();
    if (rec) saveRunRecord(rec).then(() => { this.saved = rec; }).catch(() => undefined);
  }

  #fail(message: string): void {
    Object.assign(this, { phase: 'error', message });
  }

  /** Ends the worker (its tensors go with it). */
  destroy(): void {
    this.#endWorker('The training studio was closed.');
  }

  /** Terminates the worker, if any; requests still waiting for it are rejected with `why`. */
  #endWorker(why: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#requests.rejectAll(new Error(why));
  }
}
