/**
 * Runs one of the lesson's training comparisons (distillation: teacher, student alone, student distilled; SE:
 * plain block, SE block) off the page's thread, on its own tfjs backend, posting every validation point as it
 * comes. Stop is the page terminating this worker (CompareLab.stop): the training loop awaits only microtasks, so
 * it would never read a message before the run ends.
 */
import { registerWasmTrainingKernels } from '../../src/lib/nn';
import { startBackend } from '../../src/lib/backend/init';
import { backendOrder, type BackendName } from '../../src/lib/backend/choose';
import { distillExperiment, DISTILL_RUN } from './distillExperiment';
import { seExperiment, SE_RUN } from './seExperiment';
import { DivergedError, type CurvePoint } from './studentRun';
import { studioDistillExperiment, type StudioDistillInput } from './studioDistill';

/** Which comparison to run: the lesson's distillation, its SE blocks, or distillation from the studio's network. */
export type Comparison = 'distill' | 'se' | 'studio-distill';
/**
 * Page → worker. No translations in here: a worker bundle has no Svelte runes, so the i18n layer cannot load; the
 * page words failures (CompareLab.errorText).
 */
export type CompareRequest = { type: 'start'; comparison: Comparison; backend: BackendName; studio?: StudioDistillInput };
/** Worker → page. */
export type CompareMessage = { type: 'point'; run: string; point: CurvePoint } | { type: 'done'; backend: string }
  | { type: 'failed'; message: string; divergedLoss?: number };

const ctx = self as unknown as { postMessage(m: CompareMessage): void; onmessage: ((e: MessageEvent<CompareRequest>) => void) | null };
let running = false;

async function start(comparison: Comparison, backend: BackendName, studio?: StudioDistillInput): Promise<void> {
  running = true;
  try {
    const info = await startBackend({ order: backendOrder(backend), reason: 'chosen by the page', overridden: true });
    registerWasmTrainingKernels();
    const post = (run: string, point: CurvePoint) => ctx.postMessage({ type: 'point', run, point });
    if (comparison === 'distill') await distillExperiment(DISTILL_RUN, (e) => post(e.run, e.point));
    else if (comparison === 'studio-distill') {
      if (!studio) throw new Error('No studio network was sent.');
      await studioDistillExperiment(studio, (e) => post(e.run, e.point));
    } else await seExperiment(SE_RUN, post);
    ctx.postMessage({ type: 'done', backend: info.name });
  } catch (e) {
    ctx.postMessage({ type: 'failed', message: (e as Error).message, divergedLoss: e instanceof DivergedError ? e.loss : undefined });
  } finally {
    running = false;
  }
}

ctx.onmessage = (e) => {
  if (!running) void start(e.data.comparison, e.data.backend, e.data.studio);
};
