/**
 * Public API of the nn core: tfjs only (no DOM, no d3, no Svelte); runs in Node and in the browser.
 * Tensors are NHWC inside tfjs; NCHW appears only at the PyTorch/safetensors boundary.
 * Each section below is owned by one module; add exports to your section only.
 */

// --- model: builder, forward pass, summary (resnet18.ts, layers.ts, summary.ts) ---

// --- weights: safetensors reader/writer, HF/torchvision mapping, exporter (safetensors.ts, weights.ts) ---

// --- training: loss, optimizers, train step, wasm training kernels (optim.ts, train.ts, wasmKernels.ts) ---
