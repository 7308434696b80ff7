/**
 * "Teach it your classes" benchmark (prints figures; asserts nothing): 10 classes × 20 images through the pretrained
 * ResNet-18 at the Run it preprocessing, the backbone run once per image (src/lib/train/featureCache.ts), then
 * the head trained on the pooled features (lessons/teach-it/headFit.ts, as the page does) and one epoch of stage 4 + head on the stage-3 cache.
 * Data: CIFAR-10 JPEGs from ../shared/data/cifar10-jpg.tar.gz (the first 20 of each class in train/, and the first
 * 10 of each class in test/ as a held-out split), 32×32 photos upscaled by the bicubic resize of the Run it
 * pipeline (shortest edge crop/0.875, centre crop) — blurry at 224², which is the honest point: the timing is that
 * of real 224² inputs and the accuracy is that of real photos of ten classes. Weights: the Hugging Face fixture
 * checkpoint (../shared/fixtures/resnet18/hf/model.safetensors, microsoft/resnet-18's weights), nothing from the hub.
 * Also crops 160 and 128 (BENCH_FINETUNE_CROPS=224,160,128 overrides). Ends with the one line
 *   finetune: N images at R px: features S1 s, head trained S2 s, stage4+head epoch S3 s   (for R = 224)
 * Run: npm run bench -- finetune
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { useWasm } from './benchUtil';
import { registerWasmTrainingKernels, createResNet18, parseSafetensors, preprocess, RESNET18_PREPROCESS, disposeResNet18, type ResNet18 } from '../src/lib/nn';
import { readArchive } from '../src/lib/data/unpack';
import { CIFAR_LIMITS } from '../src/lib/data/cifarBinary';
import { loadPretrained } from '../src/lib/train/finetune';
import { extractFeatures, fitCache, predictCached, cacheBytes, type FeatureCache } from '../src/lib/train/featureCache';
import { fitHead, HEAD_EPOCHS, HEAD_LR } from '../lessons/teach-it/headFit';
import { foldBackbone, disposeFolded, frozenPass } from '../lessons/teach-it/frozenPass';

const here = dirname(fileURLToPath(import.meta.url));
const ARCHIVE = resolve(here, '../../shared/data/cifar10-jpg.tar.gz');
const WEIGHTS = resolve(here, '../../shared/fixtures/resnet18/hf/model.safetensors');
const PER_CLASS = 20, HELD_OUT = 10, BATCH = 32;
const CROPS = (process.env.BENCH_FINETUNE_CROPS ?? '224,160,128').split(',').map(Number);

interface Photo { cls: number; rgba: { width: number; height: number; data: Uint8Array } }

/** The first `n` JPEGs of each <split>/<class>/ folder, decoded to RGBA; class ids by sorted folder name. */
function firstPerClass(entries: { path: string; bytes: Uint8Array }[], split: string, n: number): Photo[] {
  const byClass = new Map<string, Uint8Array[]>();
  for (const e of entries) {
    const m = new RegExp(`(^|/)${split}/([^/]+)/[^/]+\\.jpe?g$`, 'i').exec(e.path);
    if (!m) continue;
    const list = byClass.get(m[2]) ?? [];
    if (list.length < n) list.push(e.bytes);
    byClass.set(m[2], list);
  }
  const names = [...byClass.keys()].sort();
  return names.flatMap((name, cls) => byClass.get(name)!.map((bytes) => {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { cls, rgba: { width: img.width, height: img.height, data: img.data } };
  }));
}

/** Preprocessed batch of photos start..end at `crop` px, NHWC. Caller (extractFeatures) disposes. */
const batchOf = (photos: Photo[], crop: number) => (start: number, end: number) => {
  const cfg = { ...RESNET18_PREPROCESS, shortestEdge: crop };
  const rows = photos.slice(start, end).map((p) => preprocess(p.rgba, cfg).pixels);
  const out = new Float32Array(rows.length * crop * crop * 3);
  rows.forEach((r, i) => out.set(r, i * r.length));
  return tf.tensor4d(out, [rows.length, crop, crop, 3]);
};

/** Top-1 accuracy of the model's trained part on cached rows (eval mode). */
async function accuracy(m: ResNet18, cache: FeatureCache, labels: Int32Array): Promise<number> {
  const pred = await predictCached(m, cache);
  return pred.filter((p, i) => p === labels[i]).length / labels.length;
}

const secs = (t0: number) => (performance.now() - t0) / 1000;

async function runCrop(train: Photo[], test: Photo[], weights: ReturnType<typeof parseSafetensors>['tensors'], crop: number) {
  const load0 = os.loadavg()[0];
  const m = createResNet18({ numClasses: 10 }, { seed: 1 });
  loadPretrained(m, weights);
  const yTrain = Int32Array.from(train, (p) => p.cls), yTest = Int32Array.from(test, (p) => p.cls);
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // As the page: BatchNorm folded into the convs (the folding counts in the time), 16 pictures a pass.
  const folded = await foldBackbone(m);
  const pass = (x: tf.Tensor4D, p: Parameters<typeof frozenPass>[2]) => frozenPass(folded, x, p);
  const [gap, s3] = await extractFeatures(m, ['head.gap', 'stage3'], train.length, batchOf(train, crop), { batchSize: 16, pass });
  const features = secs(t0);
  const cpu = process.cpuUsage(cpu0);
  const featuresCpu = (cpu.user + cpu.system) / 1e6;
  const [gapTest, s3Test] = await extractFeatures(m, ['head.gap', 'stage3'], test.length, batchOf(test, crop), { batchSize: 16, pass });
  disposeFolded(folded);
  t0 = performance.now();
  await fitHead(m, gap, yTrain, { epochs: HEAD_EPOCHS, batchSize: BATCH, lr: HEAD_LR, seed: 1 });
  const head = secs(t0);
  const headAcc = await accuracy(m, gapTest, yTest);
  const epochs: number[] = [];
  for (let e = 0; e < 3; e++) {
    t0 = performance.now();
    await fitCache(m, s3, yTrain, { epochs: 1, batchSize: BATCH, optimizer: { kind: 'sgd', lr: 0.01, momentum: 0.9 }, stage4LrScale: 0.1, seed: 2 + e });
    epochs.push(secs(t0));
  }
  const s4Acc = await accuracy(m, s3Test, yTest);
  disposeResNet18(m);
  console.log(`crop ${crop}: features ${features.toFixed(1)} s (${train.length} images, ${(features / train.length * 1000).toFixed(0)} ms each; ${featuresCpu.toFixed(1)} s of CPU time), ` +
    `head ${HEAD_EPOCHS} epochs ${head.toFixed(2)} s, stage4+head epoch ${[...epochs].sort((a, b) => a - b)[1].toFixed(1)} s (median of 3), ` +
    `stage-3 cache ${(cacheBytes('stage3', train.length, crop) / 2 ** 20).toFixed(1)} MB; held-out top-1: head ${(headAcc * 100).toFixed(0)} %, ` +
    `after 3 stage4+head epochs ${(s4Acc * 100).toFixed(0)} % (${test.length} images, chance 10 %); load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`);
  return { features, head, epoch: [...epochs].sort((a, b) => a - b)[1] };
}

async function main(): Promise<void> {
  if (!existsSync(ARCHIVE) || !existsSync(WEIGHTS)) {
    console.log(`skipped: ${existsSync(ARCHIVE) ? WEIGHTS : ARCHIVE} not found`);
    return;
  }
  const threads = (await useWasm()) ?? 1;
  registerWasmTrainingKernels();
  const entries = await readArchive(new Uint8Array(readFileSync(ARCHIVE)), CIFAR_LIMITS.bytes);
  const train = firstPerClass(entries, 'train', PER_CLASS), test = firstPerClass(entries, 'test', HELD_OUT);
  const weights = parseSafetensors(new Uint8Array(readFileSync(WEIGHTS))).tensors;
  console.log(`settings: CIFAR-10 ${PER_CLASS}/class train, ${HELD_OUT}/class held out (test/), 32×32 upscaled; HF fixture weights; ` +
    `backend ${tf.getBackend()} (${threads} thread${threads === 1 ? '' : 's'}; CPU time counts all); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (wall times grow with it); head: Adam lr ${HEAD_LR}, ${HEAD_EPOCHS} epochs (as the lesson), batch ${BATCH}; stage 4: SGD lr 0.01 momentum 0.9, stage-4 lr ×0.1`);
  const results = new Map<number, Awaited<ReturnType<typeof runCrop>>>();
  for (const crop of CROPS) results.set(crop, await runCrop(train, test, weights, crop));
  const r = results.get(224) ?? results.get(CROPS[0])!;
  const crop = results.has(224) ? 224 : CROPS[0];
  console.log(`finetune: ${train.length} images at ${crop} px: features ${r.features.toFixed(1)} s, head trained ${r.head.toFixed(2)} s, stage4+head epoch ${r.epoch.toFixed(1)} s`);
}

// Exits explicitly: the wasm back-end's worker threads would keep Node alive (spinning) after the last line.
main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
