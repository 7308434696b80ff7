/**
 * Real-data regression benchmark (prints figures; asserts nothing): a subset of CIFAR-10 from
 * ../shared/data/cifar10-jpg.tar.gz (JPEG re-encode of the official images), read with the studio's own
 * tar reader and folder loader (jpeg-js decodes in Node), trained by the Trainer on wasm for a fixed budget;
 * prints the settings and the validation accuracy after every epoch, so a regression is visible.
 * Run: npm run bench -- training-cifar   (BENCH_CIFAR_PER_CLASS / _EPOCHS / _WIDTH override the budget)
 */
import { registerWasmTrainingKernels } from '../src/lib/nn';
import { Trainer } from '../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/lib/train/config';
import { useWasm } from './benchUtil';
import { CIFAR_JPEG_ARCHIVE, loadCifarJpeg } from './cifarJpeg';

const PER_CLASS = Number(process.env.BENCH_CIFAR_PER_CLASS ?? 200);
const WIDTH = Number(process.env.BENCH_CIFAR_WIDTH ?? 0.125);
const VAL_PER_CLASS = 100;
const EPOCHS = Number(process.env.BENCH_CIFAR_EPOCHS ?? 3);

async function main(): Promise<void> {
  await useWasm();
  registerWasmTrainingKernels();
  const res = await loadCifarJpeg({ trainPerClass: PER_CLASS, testPerClass: VAL_PER_CLASS });
  if (!res) {
    console.log(`skipped: ${CIFAR_JPEG_ARCHIVE} not found`);
    return;
  }
  console.log(`decoded ${res.train.labels.length} train + ${res.test.labels.length} test JPEGs in ${res.seconds.toFixed(1)} s (${res.problems} problems)`);

  const cfg: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', nesterov: false, schedule: 'cosine', widthMultiplier: WIDTH, batchSize: 32, epochs: EPOCHS, lr: 0.05, warmupEpochs: 1, patience: 0, gradNorms: false };
  console.log(`settings: CIFAR ResNet-18 width ${cfg.widthMultiplier}, ${PER_CLASS}/class train (first in archive), ${VAL_PER_CLASS}/class of test/ as validation, ` +
    `SGD lr ${cfg.lr} momentum ${cfg.momentum} wd ${cfg.weightDecay}, warm-up ${cfg.warmupEpochs} epoch + cosine, batch ${cfg.batchSize}, ${cfg.epochs} epochs, ` +
    `crop(pad 4)+flip, seed ${cfg.seed}, wasm`);
  const t = Trainer.create(cfg, { train: res.train, val: res.test });
  const t0 = performance.now();
  while (t.status === 'ready') {
    const r = await t.step();
    if (r.epochEnd) {
      const e = r.epochEnd;
      console.log(`epoch ${e.epoch + 1}: train loss ${e.trainLoss.toFixed(3)}, val loss ${e.val.loss.toFixed(3)}, val top-1 ${(e.val.accuracy * 100).toFixed(1)} %, top-5 ${(e.val.top5 * 100).toFixed(1)} % (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  console.log(`final validation top-1 ${(t.history.epoch.valAcc.at(-1)! * 100).toFixed(1)} % after ${t.globalStep} steps, ${((performance.now() - t0) / 1000).toFixed(0)} s (chance: 10 %)`);
  t.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
