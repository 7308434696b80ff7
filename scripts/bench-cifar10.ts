/**
 * `npm run bench -- cifar10`: the studio's "CIFAR-10 quick" recipe on real data. Trains on all 50,000 training
 * images of ../shared/data/cifar10-jpg.tar.gz with the Trainer the worker runs (wasm, one XNNPACK thread per
 * core), showing progress on 100 test images per class after each epoch, then scores all 10,000 test images
 * (flip test-time augmentation as the recipe says). Ends with exactly one line
 *   cifar10: test top-1 X % after S s (width W, E epochs, N train images)
 * S counts from the first training step to the final test score; reading and decoding the JPEGs is excluded.
 * Asserts nothing. A JSON argument overrides the recipe: `npx tsx scripts/bench-cifar10.ts '{"epochs":1}'`.
 */
import { cpus, loadavg } from 'node:os';
import { registerWasmTrainingKernels } from '../src/lib/nn';
import { Trainer } from '../src/lib/train/trainer';
import { evaluateDataset } from '../src/lib/train/evaluate';
import { RECIPES, type TrainConfig } from '../src/lib/train/config';
import { limitPerClass } from '../src/lib/data/split';
import { useWasm } from './benchUtil';
import { CIFAR_JPEG_ARCHIVE, loadCifarJpeg } from './cifarJpeg';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const threads = await useWasm();
  registerWasmTrainingKernels();
  const data = await loadCifarJpeg();
  if (!data) {
    console.log(`skipped: ${CIFAR_JPEG_ARCHIVE} not found`);
    return;
  }
  const config: TrainConfig = { ...RECIPES.cifar10Quick.config, ...(JSON.parse(process.argv[2] ?? '{}') as Partial<TrainConfig>) };
  const monitor = limitPerClass(data.test, 100);
  console.log(`decoded ${data.train.labels.length} train + ${data.test.labels.length} test JPEGs in ${data.seconds.toFixed(0)} s ` +
    `(${data.problems} problems); wasm with ${threads} thread(s) on ${cpus().length} cores, load average ${load()}`);
  console.log(`recipe "${RECIPES.cifar10Quick.label}": ${JSON.stringify(config)}`);
  const t = Trainer.create(config, { train: data.train, val: monitor });
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const seconds = () => (performance.now() - start) / 1000;
  while (t.status === 'ready') {
    const r = await t.step();
    if (r.epochEnd) {
      const e = r.epochEnd;
      console.log(`  epoch ${e.epoch + 1}: top-1 on ${monitor.labels.length} test images ${(100 * e.val.accuracy).toFixed(1)} %, ` +
        `train ${(100 * e.trainAcc).toFixed(1)} %, ${seconds().toFixed(0)} s, ${((t.globalStep * config.batchSize) / seconds()).toFixed(0)} images/s, load ${load()}`);
    }
  }
  const test = await evaluateDataset(t.model, data.test, t.norm, { flipTTA: config.flipTTA });
  const s = seconds();
  const cpu = process.cpuUsage(cpu0);
  console.log(`  ${t.status}: ${t.message} ${t.globalStep} steps; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s; load average ${load()}`);
  t.dispose();
  console.log(`cifar10: test top-1 ${(100 * test.accuracy).toFixed(1)} % after ${s.toFixed(0)} s (width ${config.widthMultiplier}, ` +
    `${config.epochs} epochs, ${data.train.labels.length} train images)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
