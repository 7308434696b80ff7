/**
 * ONNX Runtime Web on this lesson's page only: the module and its wasm binary are imported dynamically, so no
 * other page downloads them. Single-threaded wasm (threads need cross-origin isolation the static host does not
 * give) and no proxy worker, which keeps it inside the page's Content-Security-Policy ('self' + wasm-unsafe-eval).
 */
import type * as Ort from 'onnxruntime-web';

let ortPromise: Promise<typeof Ort> | null = null;

/** The onnxruntime-web module, loaded and configured once. */
export function loadOrt(): Promise<typeof Ort> {
  ortPromise ??= (async () => {
    const [ort, wasm] = await Promise.all([
      import('onnxruntime-web/wasm'),
      import('onnxruntime-web/ort-wasm-simd-threaded.wasm?url'),
    ]);
    ort.env.wasm.wasmPaths = { wasm: wasm.default };
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    return ort;
  })();
  return ortPromise;
}

/** An ONNX model in an ONNX Runtime session: input 'pixel_values' NCHW, output 'logits'. Call release() when done. */
export class OrtModel {
  private constructor(private ort: typeof Ort, private session: Ort.InferenceSession) {}

  /** Creates the session from the .onnx bytes (wasm execution provider, all graph optimisations on). */
  static async create(bytes: Uint8Array): Promise<OrtModel> {
    const ort = await loadOrt();
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return new OrtModel(ort, session);
  }

  /** Logits [n,classes] row-major for pixels NCHW [n,3,h,w]. */
  async run(nchw: Float32Array, dims: [number, number, number, number]): Promise<Float32Array> {
    const input = new this.ort.Tensor('float32', nchw, dims);
    const out = await this.session.run({ pixel_values: input });
    const logits = out.logits.data as Float32Array;
    input.dispose();
    out.logits.dispose();
    return logits;
  }

  /** Frees the session's wasm memory. */
  release(): Promise<void> {
    return this.session.release();
  }
}
