/**
 * The studio's stored messages in the page's language: every sentence the worker, the Trainer, the dataset code
 * and the studio state make (taken from the functions that make them where they are exported, as they write them
 * otherwise) is shown in Chinese with its facts kept, and in English exactly as it came.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { i18n } from '../../../src/lib/i18n/index';
import { runText, estimateText, classWord, classWords } from '../../../lessons/train-it/runWords';
import { checkpointClause, divergedMessage, outOfMemoryMessage } from '../../../src/lib/train/failures';
import { estimateTrainingMemory, memoryProblem, type MemoryEstimate } from '../../../src/lib/train/memoryEstimate';
import { describeLoad } from '../../../src/lib/train/finetune';
import { splitProblem } from '../../../src/lib/data/split';
import { capturedDataset } from '../../../src/lib/data/captured';
import { classifyPath } from '../../../src/lib/data/folders';
import { makeSyntheticDataset, SYNTHETIC_CLASSES } from '../../../src/lib/data/synthetic';
import { NonFiniteLossError, summarizeConfig } from '../../../src/lib/nn';
import type { ImageDataset } from '../../../src/lib/data/dataset';
import { validateRunRecord } from '../../../src/lib/train/idbStore';
import { inspectPretrained } from '../../../src/lib/train/finetune';

afterEach(() => { i18n.current = 'en'; });

/** Runs of three or more English words (as the Chinese browser test counts them). */
const englishRuns = (s: string) => s.match(/[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){2,}/g) ?? [];

const ds = (classNames: string[], labels: number[]): ImageDataset =>
  ({ images: new Uint8Array(labels.length * 3), labels: Uint8Array.from(labels), height: 1, width: 1, classNames });

/** The message `f` throws. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

const record = { key: 'studio', dataset: { kind: 'custom', name: 'x' }, epoch: 1, globalStep: 5, totalSteps: 10, savedAt: 1 };
const tensors = (shapes: Record<string, number[]>) => new Map(Object.entries(shapes).map(([k, shape]) => [k, { shape } as never]));

function capturedError(frames: number[], names: string[]): string {
  try {
    capturedDataset(frames.map((label) => ({ label, rgb: new Uint8Array(3) })), names, 1);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

const kept = { epoch: 3, globalStep: 60 };
const bigEstimate: MemoryEstimate = { weights: 89.4e6, gradients: 44.7e6, optimizer: 179e6, activations: 5.2e9, total: 5.5134e9 };

/** Every message the studio can store, as its maker writes it. */
const MESSAGES: string[] = [
  // the worker and its RunLoop
  'First step: compiling WebGL shaders…', 'First step: warming up…', 'Paused; saved where it stopped.', 'Paused.',
  `Stopped; ${checkpointClause(kept)}: continue from it or start afresh.`, `Stopped; ${checkpointClause(null)}.`,
  'No model to export yet.', 'No model to explain yet.',
  describeLoad({ loaded: new Array(62), skipped: ['head.fc.weight'] } as never, 'resnet18.safetensors', 4),
  describeLoad({ loaded: new Array(62), skipped: [] } as never, 'resnet18.safetensors', 1000),
  // the Trainer
  'This run already finished its 10 epochs.', 'Finished 10 epochs.', 'Training stopped: memory access out of bounds',
  'Stopped early: validation loss has not improved for 3 epochs (best 0.4321).',
  divergedMessage(new NonFiniteLossError(NaN).detail, 12, 0.5, null), divergedMessage('the validation loss became Infinity after epoch 2', 40, 0.5, kept),
  divergedMessage('the loss was 2.303 but 3 of 62 gradient tensors held NaN or ±Infinity', 5, 1.2, kept),
  divergedMessage('the loss was 2.303 but the update would have made 2 of 124 weight, optimizer-state or BN-statistics tensors NaN or ±Infinity', 5, 1.2, null),
  divergedMessage('2 tensors (stem.bn.runningVar, layer1.0.bn1.runningMean…) hold NaN or ±Infinity, so they were not saved', 20, 0.1, kept),
  outOfMemoryMessage('Aborted()', null), outOfMemoryMessage('Aborted()', kept),
  // the studio state
  'Building the dataset…', 'Load or build a dataset first.', 'Restoring the saved run…', 'Building the model…', 'Rebuilding the dataset…',
  'The training worker was restarted; ask again.', 'There is no model yet: start a run first.', 'Stop ended the training worker.',
  'The training studio was closed.', 'Resumed at epoch 4, step 61.', 'The training worker crashed: RuntimeError: unreachable',
  'Fine-tuning needs its weights file (resnet18.safetensors) again: pick it in the recipe, or switch fine-tuning off.',
  `Stopped mid-step (the worker was ended after 3 s without answering); ${checkpointClause(kept)}.`,
  memoryProblem(bigEstimate, 'wasm')!,
  ...[null, { ...record, key: 'other' }, { ...record, dataset: {} }, { ...record, epoch: NaN, globalStep: -1, totalSteps: 1.5 },
    { ...record, globalStep: 11 }, { ...record, stepsPerEpoch: 0 }, { ...record, savedAt: NaN }, { ...record, test: { top1: 2 } },
    { ...record, dataset: { kind: 'synthetic' } }, { ...record, dataset: { kind: 'synthetic', perClass: 1, seed: 1, valFraction: 0.2, testFraction: 0.9 } },
    { ...record, dataset: { kind: 'custom' } }].map((r) => thrown(() => validateRunRecord(r, 'studio'))),
  `resnet18.safetensors cannot be used: ${thrown(() => inspectPretrained(tensors({ 'fc.weight': [10, 512] })))}`,
  thrown(() => inspectPretrained(tensors({ 'conv1.weight': [64, 3, 7, 7] }))),
  thrown(() => inspectPretrained(tensors({ 'conv1.weight': [64, 3, 5, 5], 'fc.weight': [10, 512] }))),
  // the dataset
  'Drawing the synthetic images…', 'Reading CIFAR-10…', 'Decoding images 50/400…', '12 images were not 32×32 and were resized',
  'Could not build the synthetic dataset: Worker failed', 'Could not load the files: bad gzip',
  'No usable training images with at least two classes were found (see the list of skipped files).',
  `These images cannot be used yet. ${splitProblem(ds(['cat', 'dog'], [0, 0, 1]), ds(['cat', 'dog'], [0]))}`,
  `These images cannot be used yet. ${splitProblem(ds(['cat'], [0, 0]), ds(['cat'], [0]))}`,
  (classifyPath('loose.png') as { reason: string }).reason, 'not an image (extension)', 'class "fox" has no usable images (skipped)',
  '300 classes; at most 255 are supported', 'only one class found; training needs at least two',
  'could not decode the image (The source image cannot be decoded.)', 'too small (4×4, need ≥ 8×8)',
  'not a CIFAR-10 batch file (skipped)', 'the archive holds no data_batch_N.bin or test_batch.bin',
  'holds 10,000 records; with those before it that passes 60,000, the most read (CIFAR-10 has 60,000): skipped',
  "400 MB in all; at most 200 MB is read (CIFAR-10's batches are 170 MB)",
  // the webcam
  capturedError([0, 0, 0, 1], ['cup', 'class 2']), capturedError([], ['cup', '']), capturedError([], ['cup', 'cup']),
];

describe('studio messages in the page language', () => {
  it('each one is Chinese in Chinese, with no English prose left, and its facts kept', () => {
    i18n.current = 'zh';
    const bad = MESSAGES.flatMap((en) => {
      const zh = runText(en);
      // facts that stay as they are: error details from libraries, file and class names
      const rest = zh.replace(/RuntimeError: unreachable|memory access out of bounds|Worker failed|bad gzip|The source image cannot be decoded\./g, '');
      return !/[\u4e00-\u9fff]/.test(zh) || englishRuns(rest).length ? [`${en} → ${zh}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('says the checkpoint and the run position as the English does (hand-written Chinese)', () => {
    i18n.current = 'zh';
    expect(runText(`Stopped; ${checkpointClause(kept)}: continue from it or start afresh.`))
      .toBe('已停止；最近的检查点（第 3 轮，第 60 步）已保留：可以从它继续，也可以重新开始。');
    expect(runText(outOfMemoryMessage('Aborted()', null))).toBe('内存不足（Aborted()）。请尝试更小的批次大小或宽度；还没有保存任何检查点。');
    expect(runText(divergedMessage('the loss became NaN', 12, 0.5, null)))
      .toBe('训练在第 12 步发散：损失变成了 NaN。学习率（0.500）可能太高：请调低它（或加入预热），然后重新开始：还没有保存任何检查点。');
    expect(runText(capturedError([0, 0, 0, 1], ['cup', 'class 2']))).toBe('每个类别至少要拍 3 帧，2 帧用于训练、1 帧用于验证（不够的类别：class 2）。');
    // the limit is the wasm heap's 4,294,901,760 bytes; the figures as formatBytes writes them (three significant figures)
    expect(runText(memoryProblem(bigEstimate, 'wasm')!)).toBe('这个配方需要每步约 5.51 GB（激活 5.20 GB，权重 89.4 MB，梯度 44.7 MB，优化器状态 179 MB），'
      + '超过了 wasm 后端能容纳的上限（4.29 GB）。请选择更小的批次大小或宽度。');
  });

  it('leaves English exactly as it came, and unknown text as it is', () => {
    for (const en of MESSAGES) expect(runText(en)).toBe(en);
    i18n.current = 'zh';
    expect(runText('some library error text')).toBe('some library error text');
  });

  it('words the memory estimate with the same figures in both languages', () => {
    const s = summarizeConfig({ variant: 'cifar', widthMultiplier: 0.25, numClasses: 10, inputSize: 32 });
    const e = estimateTrainingMemory(s, { batchSize: 32, inputSize: 32, optimizer: 'adam', momentum: 0 });
    const en = estimateText(e);
    i18n.current = 'zh';
    const zh = estimateText(e);
    const figures = (x: string) => x.match(/\d[\d.]* [MG]B/g);
    expect(figures(zh)).toEqual(figures(en));
    expect(figures(en)).toHaveLength(5);
    expect(zh.startsWith('每步约')).toBe(true);
  });
});

describe('built-in class names', () => {
  it('are shown in Chinese while the dataset keeps the English ids; a learner\'s names stay as typed', () => {
    const synth = makeSyntheticDataset({ perClass: 1, seed: 1, size: 8 });
    i18n.current = 'zh';
    const shown = classWords(synth);
    expect(synth.classNames).toEqual([...SYNTHETIC_CLASSES]);
    expect(shown).toEqual(['圆盘', '正方形', '三角形', '加号', '圆环', '横条纹', '竖条纹', '棋盘格', '斜条纹', '圆点']);
    expect(classWord(ds(['disc', 'ring'], [0, 1]), 'disc')).toBe('disc');
    i18n.current = 'en';
    expect(classWords(synth)).toEqual([...SYNTHETIC_CLASSES]);
  });
});
