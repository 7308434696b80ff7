/**
 * Real-data regression benchmark (prints figures; asserts nothing): a subset of CIFAR-10 from
 * ../shared/data/cifar10-jpg.tar.gz (JPEG re-encode of the official images), read with the studio's own
 * tar reader and folder loader (jpeg-js decodes in Node), trained by the Trainer on wasm for a fixed budget;
 * prints the settings and the validation accuracy after every epoch, so a regression is visible.
 * Run: npm run bench -- training-cifar   (BENCH_CIFAR_PER_CLASS / _EPOCHS / _WIDTH override the budget)
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { registerWasmTrainingKernels } from '../src/lib/nn';
import { readArchive } from '../src/lib/data/unpack';
import { CIFAR_LIMITS } from '../src/lib/data/cifarBinary';
import { loadImageFolder, type FolderFile } from '../src/lib/data/folders';
import { Trainer } from '../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/lib/train/config';

const ARCHIVE = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/cifar10-jpg.tar.gz');
const PER_CLASS = Number(process.env.BENCH_CIFAR_PER_CLASS ?? 200);
const WIDTH = Number(process.env.BENCH_CIFAR_WIDTH ?? 0.125);
const VAL_PER_CLASS = 100;
const EPOCHS = Number(process.env.BENCH_CIFAR_EPOCHS ?? 3);

/** The first `n` files of each train/<class>/ (or test/<class>/) folder, in archive order. */
function firstPerClass(entries: { path: string; bytes: Uint8Array }[], split: string, n: number): FolderFile[] {
  const seen = new Map<string, number>();
  const out: FolderFile[] = [];
  for (const e of entries) {
    const m = new RegExp(`(^|/)${split}/([^/]+)/[^/]+\\.jpe?g$`, 'i').exec(e.path);
    if (!m) continue;
    const k = seen.get(m[2]) ?? 0;
    if (k >= n) continue;
    seen.set(m[2], k + 1);
    out.push({ path: e.path, read: async () => e.bytes });
  }
  return out;
}

const decode = async (bytes: Uint8Array) => {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: img.width, height: img.height, channels: 3 as const, data: img.data };
};

async function main(): Promise<void> {
  if (!existsSync(ARCHIVE)) {
    console.log(`skipped: ${ARCHIVE} not found`);
    return;
  }
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmTrainingKernels();
  let t0 = performance.now();
  const entries = await readArchive(new Uint8Array(readFileSync(ARCHIVE)), CIFAR_LIMITS.bytes);
  const trainFiles = firstPerClass(entries, 'train', PER_CLASS);
  const testFiles = firstPerClass(entries, 'test', VAL_PER_CLASS);
  const res = await loadImageFolder([...trainFiles, ...testFiles], decode);
  if (!res.train || !res.test) throw new Error(`could not load: ${JSON.stringify(res.problems.slice(0, 3))}`);
  console.log(`read ${entries.length} archive entries, decoded ${res.train.labels.length} train + ${res.test.labels.length} test JPEGs in ${((performance.now() - t0) / 1000).toFixed(1)} s (${res.problems.length} problems)`);

  const cfg: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: WIDTH, batchSize: 32, epochs: EPOCHS, lr: 0.05, warmupEpochs: 1, patience: 0, gradNorms: false };
  console.log(`settings: CIFAR ResNet-18 width ${cfg.widthMultiplier}, ${PER_CLASS}/class train (first in archive), ${VAL_PER_CLASS}/class of test/ as validation, ` +
    `SGD lr ${cfg.lr} momentum ${cfg.momentum} wd ${cfg.weightDecay}, warm-up ${cfg.warmupEpochs} epoch + cosine, batch ${cfg.batchSize}, ${cfg.epochs} epochs, ` +
    `crop(pad 4)+flip, seed ${cfg.seed}, wasm`);
  const t = Trainer.create(cfg, { train: res.train, val: res.test });
  t0 = performance.now();
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
