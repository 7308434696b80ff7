/**
 * Kernel-side access to the tfjs wasm backend's heap, for kernels written as plain JavaScript loops or as the
 * SIMD functions of simd/kernels.ts over the tensors' bytes (no copy in or out). Rule: allocate every output
 * with `makeOutput` (and scratch with `scratch`) BEFORE taking any view or offset into memory — an allocation
 * can grow the wasm memory, which detaches (non-threaded build) or strands (threaded build) earlier views.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels, type SimdKernels } from './simd/kernels';

/** The part of tfjs-backend-wasm's BackendWasm that heap kernels use. */
export interface HeapBackend {
  /** A new tensor's storage on the heap; returned to the engine as the kernel's output (engine owns it). */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A typed-array view of a tensor's storage on the heap (valid until the next allocation). */
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  wasm: { _malloc(bytes: number): number; _free(ptr: number): void; wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
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

/** Byte offset of a tensor's storage in the heap (for the SIMD kernels). */
export function offsetOf(backend: HeapBackend, t: TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (!d) throw new Error('heap kernel: tensor storage not found');
  return d.memoryOffset;
}

/** The heap's WebAssembly.Memory (threaded build: Module.wasmMemory; plain builds export it as asm.memory). */
export function heapMemory(backend: HeapBackend): WebAssembly.Memory {
  const m = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!m) throw new Error('heap kernel: the wasm backend exposes no memory');
  return m;
}

/** The SIMD kernels bound to this backend's heap, or null (no WebAssembly SIMD here). */
export function simdFor(backend: HeapBackend): SimdKernels | null {
  return simdKernels(heapMemory(backend));
}

/**
 * Runs `f` with `bytes` of zeroed scratch heap memory (16-byte aligned) and frees it afterwards, also on throw.
 * `f` receives the byte offset; views on it must be taken after any other allocation.
 */
export function withScratch<T>(backend: HeapBackend, bytes: number, f: (ptr: number) => T): T {
  const ptr = backend.wasm._malloc(bytes + 16);
  const aligned = (ptr + 15) & ~15;
  try {
    new Uint8Array(heapMemory(backend).buffer, aligned, bytes).fill(0);
    return f(aligned);
  } finally {
    backend.wasm._free(ptr);
  }
}
