/**
 * The ONNX part of the lesson: export the live model (fp32 and INT8 QDQ, calibrated on the sample photos), open
 * both in ONNX Runtime Web, and measure them beside tfjs on the same photos (bench.ts). Keeps the .onnx bytes
 * for the download buttons. Sessions are released after each measurement.
 */
import { exportOnnx, modelSizes, type ResNet18 } from '../../src/lib/nn';
import { benchRunner, type BenchRow, type Runner } from './bench';
import { OrtModel } from './ort';
import { loadSamples } from './samples';
import { samplesTensor, tfjsLogits, tfjsPeakBytes, type SampleSet } from './logits';
import type { PreprocessConfig } from '../../src/lib/nn';
import { t } from '../../src/lib/i18n/index';

export class RuntimeLab {
  rows = $state.raw<BenchRow[]>([]);
  /** What is being done now, in words (a function, so it is worded in the language shown when it renders); null when idle. */
  status = $state<(() => string) | null>(null);
  /** Why the last measurement stopped (the error's own message; the page words the sentence around it). */
  error = $state<string | null>(null);
  fp32 = $state.raw<Uint8Array | null>(null);
  int8 = $state.raw<Uint8Array | null>(null);
  /** Which tfjs backend ran the tfjs row. */
  backend = $state('');

  /** Exports, loads and measures all three runtimes; rows fill in one by one. */
  async run(m: ResNet18, cfg: PreprocessConfig, backend: string): Promise<void> {
    if (this.status) return;
    this.rows = [];
    this.error = null;
    this.backend = backend;
    try {
      this.status = () => t('Preparing the sample photos…');
      const s = await loadSamples(cfg);
      const classes = m.config.numClasses;
      const tfjs: Runner = {
        label: `tfjs fp32 (${backend})`, weightBytes: modelSizes(m).fp32, run: (nhwc, _, n) => tfjsLogits(m, nhwc, n, s.size),
        peakBytes: (nhwc, _, n) => tfjsPeakBytes(m, nhwc, n, s.size),
      };
      const ref = await tfjsLogits(m, s.images.reduce(concat), s.images.length, s.size);
      this.status = () => t('Measuring tfjs…');
      this.rows = [await benchRunner(tfjs, s, ref, classes)];
      this.status = () => t('Exporting fp32 ONNX…');
      this.fp32 = await exportOnnx(m);
      await this.#measureOrt('ONNX Runtime fp32 (wasm)', this.fp32, s, ref, classes);
      this.status = () => t('Calibrating and exporting int8 ONNX…');
      this.int8 = await this.#exportInt8(m, s);
      await this.#measureOrt('ONNX Runtime int8 (wasm)', this.int8, s, ref, classes);
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.status = null;
    }
  }

  async #exportInt8(m: ResNet18, s: SampleSet): Promise<Uint8Array> {
    const x = samplesTensor(s);
    try {
      return await exportOnnx(m, { quantize: 'int8', calibration: x });
    } finally {
      x.dispose();
    }
  }

  async #measureOrt(label: string, bytes: Uint8Array, s: SampleSet, ref: Float32Array, classes: number): Promise<void> {
    this.status = () => t('Measuring {label}…', { label });
    const ort = await OrtModel.create(bytes);
    try {
      const runner: Runner = { label, weightBytes: bytes.byteLength, run: (_, nchw, n) => ort.run(nchw, [n, 3, s.size, s.size]) };
      this.rows = [...this.rows, await benchRunner(runner, s, ref, classes)];
    } finally {
      await ort.release();
    }
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
