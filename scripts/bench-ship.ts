/**
 * "Ship it" figures in Node (wasm, the machine's load printed): on the fixture checkpoint and the fixture's
 * preprocessed images, the size / top-1 agreement / max logit deviation of fp16 and int8 weights, and the
 * runtime table of the lesson (tfjs fp32, ONNX Runtime fp32 and int8: batch-1 latency median/p95, throughput
 * at batch 8/32). Asserts nothing. BENCH_WASM_THREADS=1 runs tfjs single-threaded like ONNX Runtime here.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { useWasm } from './benchUtil';
import {
  createResNet18, disposeResNet18, exportOnnx, forward, loadWeights, modelSizes, parseSafetensors, roundTripModel, toFloat32,
  type ResNet18, type WeightRoundTrip,
} from '../src/lib/nn';
import { benchRunner, type Runner } from '../lessons/ship-it/bench';
import { agreement, maxAbsDiff, top1 } from '../lessons/ship-it/measure';

const HF = new URL('../../shared/fixtures/resnet18/hf/', import.meta.url);
const read = (f: string) => new Uint8Array(readFileSync(new URL(f, HF)));

async function logitsOf(m: ResNet18, nhwc: Float32Array, n: number, s: number): Promise<Float32Array> {
  const x = tf.tensor4d(nhwc, [n, s, s, 3]);
  const { logits } = forward(m, x);
  const out = (await logits.data()) as Float32Array;
  x.dispose();
  logits.dispose();
  return out;
}

async function main(): Promise<void> {
  await useWasm();
  ort.env.wasm.numThreads = 1;
  console.log(`tfjs ${tf.getBackend()}, onnxruntime-web ${ort.env.versions.web} wasm 1 thread, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  const m = createResNet18();
  loadWeights(m, parseSafetensors(read('model.safetensors')).tensors);
  const pv = parseSafetensors(read('reference.safetensors')).tensors.get('pixel_values')!;
  const [n, c, h, w] = pv.shape;
  const nchw = toFloat32(pv);
  const nhwc = new Float32Array(nchw.length);
  for (let a = 0; a < n; a++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) nhwc[(a * h * w + i) * c + ch] = nchw[(a * c + ch) * h * w + i];
  const per = h * w * c;
  const s = { names: [], images: Array.from({ length: n }, (_, i) => nhwc.slice(i * per, (i + 1) * per)), size: h };
  const ref = await logitsOf(m, nhwc, n, h);
  const sizes = modelSizes(m);
  console.log(`\n${n} fixture images. weights        size       top-1 = fp32   max |Δ logit|`);
  console.log(`fp32                                   ${(sizes.fp32 / 1e6).toFixed(2)} MB`);
  const kinds: [WeightRoundTrip, number][] = [['fp16', sizes.fp16], ['int8-per-tensor', sizes.int8PerTensor], ['int8-per-channel', sizes.int8PerChannel]];
  for (const [kind, bytes] of kinds) {
    const copy = await roundTripModel(m, kind);
    const got = await logitsOf(copy, nhwc, n, h);
    disposeResNet18(copy);
    console.log(`${kind.padEnd(38)} ${(bytes / 1e6).toFixed(2)} MB   ${agreement(top1(got, 1000), top1(ref, 1000))}/${n}          ${maxAbsDiff(got, ref).toExponential(2)}`);
  }
  const x = tf.tensor4d(nhwc, [n, h, w, c]);
  const files = { fp32: await exportOnnx(m), int8: await exportOnnx(m, { quantize: 'int8', calibration: x }) };
  x.dispose();
  const runners: Runner[] = [{ label: 'tfjs fp32 (wasm)', weightBytes: sizes.fp32, run: (a, _, k) => logitsOf(m, a, k, h) }];
  for (const [name, bytes] of Object.entries(files)) {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    runners.push({ label: `ONNX Runtime ${name} (wasm)`, weightBytes: bytes.byteLength, run: async (_, b, k) => (await session.run({ pixel_values: new ort.Tensor('float32', b, [k, 3, h, w]) })).logits.data as Float32Array });
  }
  console.log('\nruntime                     top-1   max|Δ|     b1 median   b1 p95   batch 8     batch 32    weights');
  for (const r of runners) {
    const row = await benchRunner(r, s, ref, 1000);
    console.log(`${row.label.padEnd(27)} ${row.agree}/${row.total}     ${row.maxDeviation.toExponential(2)}   ${row.medianMs.toFixed(0).padStart(5)} ms   ${row.p95Ms.toFixed(0).padStart(5)} ms  ${row.throughput[8].toFixed(1).padStart(5)} img/s  ${row.throughput[32].toFixed(1).padStart(5)} img/s  ${(row.weightBytes / 1e6).toFixed(1)} MB`);
  }
  disposeResNet18(m);
}

void main();
