/**
 * `npm run bench -- training-defaults`: press Start in the studio and change nothing. Builds the studio's default
 * dataset exactly as the page does (the built-in synthetic set: 100 images per class, seed 1, 20 % validation and
 * 10 % held-out test, stratified with the studio's split seed 7) and trains DEFAULT_TRAIN_CONFIG with the Trainer
 * and the loop the worker runs, on wasm with one XNNPACK thread per core. Prints every epoch, the test split's one
 * score, and last, exactly one line
 *   default run: val top-1 X % after S s
 * with S counted from Start, dataset generation and every evaluation included (the test score after it). Asserts nothing.
 * Pass a JSON override to try another recipe: `npx tsx scripts/bench-training-defaults.ts '{"lr":0.05}'`.
 */
import { cpus, loadavg } from 'node:os';
import { registerWasmTrainingKernels } from '../src/lib/nn';
import { Trainer } from '../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/lib/train/config';
import { syntheticSplit } from '../src/workers/syntheticSplit';
import { evaluateDataset } from '../src/lib/train/evaluate';
import { STUDIO_DEFAULT_DATASET as STUDIO, useWasm } from './benchUtil';


const threads = await useWasm();
registerWasmTrainingKernels();
const override = JSON.parse(process.argv[2] ?? '{}') as Partial<TrainConfig>;
const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...override };
console.log(`wasm, ${threads} thread(s) on ${cpus().length} cores, load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
console.log(`recipe: ${config.optimizer}${config.nesterov ? ' nesterov' : ''} lr ${config.lr} (${config.schedule ?? 'cosine'}, ` +
  `warm-up ${config.warmupEpochs} epochs), width ${config.widthMultiplier}, batch ${config.batchSize}, ${config.epochs} epochs of ` +
  `${config.freshDraws ? 'freshly drawn' : 'the same'} images, label smoothing ${config.labelSmoothing}, ` +
  `crop ${config.augment.crop} (${config.augment.padMode ?? 'zero'} padding), flip ${config.augment.flip}`);

const start = performance.now();
const seconds = () => (performance.now() - start) / 1000;
const cpu0 = process.cpuUsage();
const { train, val, test } = syntheticSplit(STUDIO);
const t = Trainer.create(config, { train, val });
let last = NaN;
while (t.status === 'ready') {
  const r = await t.step();
  if (r.epochEnd) {
    const e = r.epochEnd;
    last = e.val.accuracy;
    console.log(`  epoch ${e.epoch + 1}: val top-1 ${(100 * e.val.accuracy).toFixed(1)} % (loss ${e.val.loss.toFixed(3)}), ` +
      `train ${(100 * e.trainAcc).toFixed(1)} %, ${seconds().toFixed(0)} s`);
  }
}
const cpu = process.cpuUsage(cpu0);
console.log(`  ${t.status}: ${t.message} ${t.globalStep} steps; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s; ` +
  `load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
const s = seconds();
// Scored once, as the studio does when a run ends by itself (RunLoop), after the clock stopped.
const scored = await evaluateDataset(t.model, test, t.norm, { flipTTA: config.flipTTA });
console.log(`  held-out test: top-1 ${(100 * scored.accuracy).toFixed(1)} % on ${scored.count} images (${train.labels.length} train / ${val.labels.length} val)`);
t.dispose();
console.log(`default run: val top-1 ${(100 * last).toFixed(1)} % after ${s.toFixed(0)} s`);
