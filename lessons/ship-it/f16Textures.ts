/**
 * tfjs's WebGL backend with 16-bit float textures: every tensor a shader writes (activations, and any weight
 * computed on the GPU) is stored as half precision, while the shaders still compute at the GPU's float precision.
 * Measured against the same pass with 32-bit textures, on the sample photos. The flag (WEBGL_RENDER_FLOAT32_ENABLED,
 * which tfjs's WEBGL_FORCE_F16_TEXTURES turns off at start-up) is read whenever a texture is made, so it can be
 * switched for one measurement and put back; weights already uploaded stay in 32-bit textures.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResNet18 } from '../../src/lib/nn';
import { tfjsLogits, type SampleSet } from './logits';
import { agreement, maxAbsDiff, top1 } from './measure';

/** What 16-bit textures did: top-1 agreement and max |Δ logit| against 32-bit textures, and each pass's time. */
export interface F16TextureEffect {
  agree: number;
  total: number;
  maxDeviation: number;
  msF32: number;
  msF16: number;
  /** The device had no 32-bit float render targets, so both passes used 16-bit textures. */
  alreadyF16: boolean;
}

const FLAG = 'WEBGL_RENDER_FLOAT32_ENABLED';

/** Times one pass after a warm-up pass (which compiles the shaders for this texture type). */
async function timedLogits(m: ResNet18, flat: Float32Array, s: SampleSet): Promise<{ logits: Float32Array; ms: number }> {
  await tfjsLogits(m, flat, s.images.length, s.size);
  const t0 = performance.now();
  const logits = await tfjsLogits(m, flat, s.images.length, s.size);
  return { logits, ms: performance.now() - t0 };
}

/** Runs `m` on the samples with 32-bit then 16-bit textures and compares; needs the WebGL backend; restores the flag. */
export async function f16TextureEffect(m: ResNet18, s: SampleSet): Promise<F16TextureEffect> {
  if (tf.getBackend() !== 'webgl') throw new Error('16-bit textures are a WebGL setting: switch the backend to WebGL first.');
  const flat = new Float32Array(s.images.length * s.images[0].length);
  s.images.forEach((img, i) => flat.set(img, i * img.length));
  const before = tf.env().getBool(FLAG);
  const a = await timedLogits(m, flat, s);
  tf.env().set(FLAG, false);
  let b: { logits: Float32Array; ms: number };
  try {
    b = await timedLogits(m, flat, s);
  } finally {
    tf.env().set(FLAG, before);
  }
  const classes = m.config.numClasses;
  return {
    agree: agreement(top1(a.logits, classes), top1(b.logits, classes)), total: s.images.length,
    maxDeviation: maxAbsDiff(a.logits, b.logits), msF32: a.ms, msF16: b.ms, alreadyF16: !before,
  };
}
