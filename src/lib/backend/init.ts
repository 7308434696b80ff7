/**
 * Browser-side tfjs start-up: registers webgl, wasm and cpu, points the wasm backend at the binaries Vite
 * emitted, then walks a {@link BackendPlan} until one backend initialises.
 */
import * as tf from '@tensorflow/tfjs-core';
// Gradients and chained tensor methods: @tensorflow/tfjs registers both, tfjs-core alone neither (see nn/index.ts).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { fallbackMessage, type BackendName, type BackendPlan } from './choose';

/** What the status chip shows once a backend runs. */
export interface BackendInfo {
  name: BackendName;
  /** wasm only: the multi-threaded build runs (needs cross-origin isolation, SharedArrayBuffer and SIMD). */
  threaded: boolean | null;
  /** wasm only: threads XNNPACK computes with (tfjs picks it from the core count); null for other backends. */
  threads: number | null;
  /** wasm only: SIMD instructions available; null for other backends. */
  simd: boolean | null;
  /** The page is cross-origin isolated (COOP/COEP), which wasm threads need. */
  isolated: boolean;
  /** Plain-words note when the plan's first backend failed; null otherwise. */
  fallback: string | null;
  /** Error text per backend that failed to start on the way. */
  failures: Partial<Record<BackendName, string>>;
}

let wasmPathsSet = false;

/** Must run before the wasm backend first initialises (tfjs forbids changing paths later). */
function configureWasm(): void {
  if (wasmPathsSet) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  wasmPathsSet = true;
}

async function trySet(name: BackendName): Promise<string | null> {
  try {
    // tfjs refuses "major performance caveat" contexts by default; when the learner (or the fallback chain)
    // asks for WebGL on a software renderer, allow it: slow but correct.
    if (name === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    const ok = await tf.setBackend(name);
    if (!ok) return 'it failed to initialise; the browser console has the details';
    await tf.ready();
    // A backend can register yet fail on first use (e.g. float textures missing): run one tiny op.
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
    const [v] = await probe.data();
    probe.dispose();
    return v === 3 ? null : `a test addition gave ${v}, not 3`;
  } catch (err) {
    return err instanceof Error ? err.message : String((err as { message?: string })?.message ?? err);
  }
}

/** Walks `plan.order` until a backend starts; throws only if none does. */
export async function startBackend(plan: BackendPlan): Promise<BackendInfo> {
  configureWasm();
  const failures: Partial<Record<BackendName, string>> = {};
  for (const name of plan.order) {
    const error = await trySet(name);
    if (error === null) return describe(name, plan, failures);
    failures[name] = error;
    console.warn(`tfjs backend ${name} failed: ${error}`);
  }
  throw new Error(`No tfjs backend could start: ${JSON.stringify(failures)}`);
}

async function describe(name: BackendName, plan: BackendPlan, failures: Partial<Record<BackendName, string>>): Promise<BackendInfo> {
  const wasm = name === 'wasm';
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const simd = wasm ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
  // Same rule tfjs-backend-wasm uses to pick the threaded-simd binary.
  const mt = wasm ? Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) : false;
  return {
    name,
    threaded: wasm ? Boolean(isolated && mt && simd) : null,
    threads: wasm ? getThreadsCount() : null,
    simd,
    isolated,
    fallback: fallbackMessage(plan, name, failures),
    failures,
  };
}

/** The canvas tfjs's WebGL backend draws on (HTMLCanvasElement or OffscreenCanvas); null off WebGL. */
export function webglCanvas(): EventTarget | null {
  if (tf.getBackend() !== 'webgl') return null;
  const b = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return (b.gpgpu?.gl?.canvas as EventTarget | undefined) ?? null;
}

/**
 * After a lost WebGL context: throws the dead backend away and registers a fresh one, so the next
 * setBackend('webgl') builds a new context. Tensors on the old backend are gone; callers recompute.
 */
export async function rebuildWebgl(): Promise<void> {
  const { MathBackendWebGL } = await import('@tensorflow/tfjs-backend-webgl');
  if (tf.findBackend('webgl')) tf.removeBackend('webgl');
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
}

