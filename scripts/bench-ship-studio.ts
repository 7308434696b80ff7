/**
 * `npm run bench -- ship-studio`: Ship it on a network trained the studio's way. Trains the studio's default recipe
 * on its default dataset (as bench-training-defaults does), then prints what Ship it's two studio figures show for
 * that network: the size, validation top-1, agreement with fp32 and largest logit change of its fp32, fp16 and int8
 * copies on the 200 validation images; then the distillation from it (student alone against distilled student, same
 * budget). Asserts nothing. A JSON override changes the studio recipe: `npx tsx scripts/bench-ship-studio.ts '{"widthMultiplier":0.25}'`.
 */
import { cpus, loadavg } from 'node:os';
import { disposeResNet18, registerWasmTrainingKernels } from '../src/lib/nn';
import { Trainer } from '../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/lib/train/config';
import { syntheticSplit } from '../src/workers/syntheticSplit';
import { studioQuantTable, studioResNet, studioWeights, studentWidth } from '../lessons/ship-it/studioModel';
import { studioDistillExperiment, STUDIO_DISTILL } from '../lessons/ship-it/studioDistill';
import { STUDIO_DEFAULT_DATASET as STUDIO, useWasm } from './benchUtil';

const threads = await useWasm();
registerWasmTrainingKernels();
const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...(JSON.parse(process.argv[2] ?? '{}') as Partial<TrainConfig>) };
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`wasm, ${threads} thread(s) on ${cpus().length} cores, load average ${load()}; studio recipe width ${config.widthMultiplier}, ${config.epochs} epochs`);

let start = performance.now();
const { train, val } = syntheticSplit(STUDIO);
const t = Trainer.create(config, { train, val });
while (t.status === 'ready') await t.step();
const weights = studioWeights(await t.checkpoint());
t.dispose();
console.log(`studio run: ${t.message} (${((performance.now() - start) / 1000).toFixed(0)} s)`);

start = performance.now();
const m = studioResNet(weights);
const rows = await studioQuantTable(m, val, weights.normalisation);
disposeResNet18(m);
console.log(`\nquantized copies on ${val.labels.length} validation images (${((performance.now() - start) / 1000).toFixed(1)} s):`);
console.log('| weights | size | val top-1 | top-1 = fp32 | max |Δ logit| |');
for (const r of rows) {
  console.log(`| ${r.kind} | ${(r.bytes / 1e3).toFixed(1)} kB | ${((100 * r.correct) / r.total).toFixed(1)} % | ${r.agree}/${r.total} | ${r.maxDeviation.toExponential(2)} |`);
}

start = performance.now();
const finals: Record<string, string> = {};
await studioDistillExperiment({ weights, train, val }, (e) => {
  finals[e.run] = `${(100 * e.point.accuracy).toFixed(1)} %`;
  if (e.run !== 'teacher' && e.point.epoch % 5 === 0) console.log(`  ${e.run} epoch ${e.point.epoch}: val top-1 ${finals[e.run]}`);
});
console.log(`\ndistillation from the studio network (width ${weights.config.widthMultiplier} → student ${studentWidth(weights.config.widthMultiplier)}, ` +
  `${STUDIO_DISTILL.student.epochs} epochs, ${((performance.now() - start) / 1000).toFixed(0)} s, load average ${load()}):`);
console.log(`ship studio: teacher ${finals.teacher}, student alone ${finals.alone}, distilled ${finals.distilled}`);
