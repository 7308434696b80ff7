/**
 * `npm run bench -- training-defaults`: press Start in the studio and change nothing. Builds the studio's default
 * dataset exactly as the page does (the built-in synthetic set: 100 images per class, seed 1, 20 % validation,
 * stratified with the studio's split seed 7) and trains DEFAULT_TRAIN_CONFIG with the Trainer the worker runs,
 * on wasm with one XNNPACK thread per core. Prints every epoch, and last, exactly one line
 *   default run: val top-1 X % after S s
 * with S counted from Start, dataset generation and every evaluation included. Asserts nothing.
 * Pass a JSON override to try another recipe: `npx tsx scripts/bench-training-defaults.ts '{"lr":0.05}'`.
 */
import { cpus, loadavg } from 'node:os';
import { registerWasmTrainingKernels } from '../src/lib/nn';
import { Trainer } from '../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/lib/train/config';
import { makeSyntheticDataset } from '../src/lib/data/synthetic';
import { stratifiedSplit } from '../src/lib/data/split';
import { useWasm } from './benchUtil';

/** The studio's defaults (lessons/train-it: DatasetPanel's 100 per class, TrainingRunData's seeds and fraction). */
const STUDIO = { perClass: 100, seed: 1, valFraction: 0.2, splitSeed: 7 };

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
const data = stratifiedSplit(makeSyntheticDataset({ perClass: STUDIO.perClass, seed: STUDIO.seed }), STUDIO.valFraction, STUDIO.splitSeed);
const t = Trainer.create(config, data);
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
t.dispose();
console.log(`default run: val top-1 ${(100 * last).toFixed(1)} % after ${seconds().toFixed(0)} s`);
