/**
 * Valid seed files for the fuzzers (the readersFuzz unit tests and scripts/bench-fuzz.ts): small safetensors files,
 * tar and tar.gz archives (ustar, GNU long name, pax path) and CIFAR-10 batches, each a few KB so that
 * thousands of mutated cases run in seconds.
 */
import { gzipSync } from 'node:zlib';
import { serializeSafetensors, parseSafetensors, SafetensorsError, type TensorToWrite } from '../../src/lib/nn/io/safetensors';
import { readTar, ArchiveError } from '../../src/lib/data/tar';
import { readArchive } from '../../src/lib/data/unpack';
import { loadCifarArchive, loadCifarFiles, parseCifarBatch, CifarFormatError } from '../../src/lib/data/cifarBinary';
import { validateCheckpoint, CheckpointError, type Checkpoint } from '../../src/lib/train/checkpoint';
import { DEFAULT_TRAIN_CONFIG } from '../../src/lib/train/config';
import { emptyHistory } from '../../src/lib/train/history';
import { tar } from './tarWriter';
import { isOwnError, mutateValue, type FuzzTarget } from './fuzz';

const enc = new TextEncoder();

/** Three safetensors files: several dtypes and metadata; a 0-rank and a zero-size tensor; HF-style names. */
export function safetensorsSeeds(): Uint8Array[] {
  const t = (dtype: TensorToWrite['dtype'], shape: number[], data: ArrayBufferView): [string, TensorToWrite] => ['', { dtype, shape, data }];
  const files: Map<string, TensorToWrite>[] = [
    new Map([['conv1.weight', t('F32', [2, 3], new Float32Array([1, -2, 3.5, 0, 1e-8, 7]))[1]], ['bn1.num_batches_tracked', t('I64', [], new BigInt64Array([3n]))[1]], ['mask', t('U8', [5], new Uint8Array([1, 0, 1, 1, 0]))[1]]]),
    new Map([['half', t('F16', [4], new Uint16Array([0x3c00, 0xc000, 0x7c00, 0x0001]))[1]], ['empty', t('F32', [0, 3], new Float32Array(0))[1]], ['scalar', t('F64', [], new Float64Array([Math.PI]))[1]]]),
    new Map([['resnet.embedder.embedder.convolution.weight', t('BF16', [2, 1, 1, 1], new Uint16Array([0x3f80, 0xbf80]))[1]], ['classifier.1.bias', t('F32', [2], new Float32Array([0.5, -0.5]))[1]]]),
  ];
  return files.map((m, i) => serializeSafetensors(m, i === 0 ? { format: 'pt', note: 'é[{' } : undefined));
}

/** One CIFAR-10 record (label, then 1024 R, G, B bytes). */
export function cifarRecord(label: number, seed: number): Uint8Array {
  const r = new Uint8Array(3073);
  r[0] = label;
  for (let i = 1; i < 3073; i++) r[i] = (i * 7 + seed * 31) % 256;
  return r;
}

const batch = (labels: number[]) => {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => out.set(cifarRecord(l, i), i * 3073));
  return out;
};

/** Tar archives: plain ustar members, a GNU long name, a pax path; CIFAR-style and other files. */
export function tarSeeds(): Uint8Array[] {
  return [
    tar([{ name: 'a.txt', data: enc.encode('hello') }, { name: 'dir/b.bin', data: new Uint8Array(700).fill(9) }]),
    tar([{ name: `cifar-10-batches-bin/${'x'.repeat(120)}.bin`, data: enc.encode('long'), longName: 'gnu' }, { name: 'café/one.txt', data: enc.encode('nfc'), longName: 'pax' }]),
    tar([{ name: 'cifar-10-batches-bin/data_batch_1.bin', data: batch([1, 2]) }, { name: 'cifar-10-batches-bin/batches.meta.txt', data: enc.encode('a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n') }]),
  ];
}

/** CIFAR-10 archives (.tar.gz and .tar) with training and test batches, and loose batch bytes. */
export function cifarSeeds(): Uint8Array[] {
  const files = tar([
    { name: 'cifar-10-batches-bin/data_batch_1.bin', data: batch([0, 9, 3]) },
    { name: 'cifar-10-batches-bin/test_batch.bin', data: batch([5]) },
    { name: 'cifar-10-batches-bin/batches.meta.txt', data: enc.encode('airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n') },
  ]);
  return [new Uint8Array(gzipSync(files)), files];
}

/** The loose-batch seeds: whole batches of 1 and 2 records. */
export function cifarBatchSeeds(): Uint8Array[] {
  return [batch([4]), batch([1, 7])];
}

/** A stored training checkpoint as the studio saves it (a tiny one: a stem, a BN and a 3-class head). */
export function checkpointSeeds(): Checkpoint[] {
  const t = (shape: number[], f = (i: number) => Math.sin(i)) => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
  const history = emptyHistory();
  history.step.loss.push(2.3, 2.1);
  history.epoch.valLoss.push(2.2);
  const base: Checkpoint = {
    version: 1, config: { ...DEFAULT_TRAIN_CONFIG }, numClasses: 3, inputSize: 32,
    normalisation: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
    epoch: 1, stepInEpoch: 0, globalStep: 2,
    params: { 'stem.conv.weight': t([3, 3, 3, 4]), 'stem.bn.gamma': t([4], () => 1), 'head.fc.weight': t([4, 3]), 'head.fc.bias': t([3], () => 0) },
    buffers: { 'stem.bn.runningMean': t([4], () => 0), 'stem.bn.runningVar': t([4], () => 1) },
    optimizer: { 'stem.conv.weight.m': t([3, 3, 3, 4], () => 0.01) },
    history, bestValLoss: 2.2, epochsWithoutImprovement: 0, savedAt: 1_700_000_000_000,
  };
  return [base, { ...base, bestValLoss: Infinity, history: emptyHistory(), globalStep: 0, epoch: 0 }];
}

/** A CIFAR load that listed problems (the loaders never throw; the fuzzer counts this as a rejection). */
class Refused extends Error {}

/** Judges a CIFAR load: the catch-all reason for errors nobody expected is unexpected; other problems are refusals. */
function judge(res: { problems: { reason: string }[] }): void {
  const raw = res.problems.find((p) => p.reason.startsWith('could not read the archive ('));
  if (raw) throw new TypeError(raw.reason);
  if (res.problems.length) throw new Refused(res.problems[0].reason);
}

/** Every reader under fuzz, with its seeds and what it may throw (for the CIFAR loaders: only listed problems). */
export function fuzzTargets(): Record<string, FuzzTarget<unknown>> {
  const bytes = (t: FuzzTarget<Uint8Array>) => t as FuzzTarget<unknown>;
  return {
    safetensors: bytes({ seeds: safetensorsSeeds(), read: (b) => parseSafetensors(b), expected: isOwnError(SafetensorsError) }),
    tar: bytes({ seeds: tarSeeds(), read: (b) => readTar(b), expected: isOwnError(ArchiveError) }),
    'tar.gz': bytes({ seeds: tarSeeds().map((t) => new Uint8Array(gzipSync(t))), read: (b) => readArchive(b, 1e6), expected: isOwnError(ArchiveError) }),
    'cifar archive': bytes({ seeds: cifarSeeds(), read: async (b) => judge(await loadCifarArchive(b, 'c.tar.gz', { bytes: 1e6, records: 100 })), expected: isOwnError(Refused) }),
    'cifar batch': bytes({ seeds: cifarBatchSeeds(), read: (b) => parseCifarBatch(b, 'data_batch_1.bin'), expected: isOwnError(CifarFormatError) }),
    'cifar files': bytes({ seeds: cifarBatchSeeds(), read: (b) => judge(loadCifarFiles([{ name: 'data_batch_1.bin', bytes: b }, { name: 'batches.meta.txt', bytes: b.subarray(0, 40) }])), expected: isOwnError(Refused) }),
    checkpoint: { seeds: checkpointSeeds(), mutate: mutateValue, read: (c) => validateCheckpoint(c), expected: isOwnError(CheckpointError) },
  };
}
