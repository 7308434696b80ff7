/**
 * Kernel-side access to the tfjs wasm backend's heap, for kernels written as plain JavaScript loops over the
 * tensors' bytes (no copy in or out). Rule: allocate every output with `makeOutput` BEFORE taking any view —
 * an allocation can grow the wasm memory, which detaches (non-threaded build) or strands (threaded build)
 * the views taken earlier.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's BackendWasm that heap kernels use. */
export interface HeapBackend {
  /** A new tensor's storage on the heap; returned to the engine as the kernel's output (engine owns it). */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A typed-array view of a tensor's storage on the heap (valid until the next allocation). */
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Float32 view of a float32 tensor on the wasm heap; throws on any other dtype. */
export function f32(backend: HeapBackend, t: TensorInfo): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`heap kernel expects float32, got ${t.dtype}`);
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** Allocates float32 outputs of the given shapes; the caller takes views only after this returns. */
export function allocF32(backend: HeapBackend, ...shapes: number[][]): TensorInfo[] {
  return shapes.map((s) => backend.makeOutput(s, 'float32'));
}
