import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { readFixture } from '../helpers/fixtures';
import { parseSafetensors, toFloat32, createResNet18, disposeResNet18, forwardFrom, forward, type ResNet18 } from '../../src/lib/nn';
import { runAllLayers, topK, gradCamRaw, gradCam, saliency, applyCheckpoint, toPlain } from '../../src/lib/nn/explain';
import type * as TF from '@tensorflow/tfjs';

let tf: typeof TF;
beforeAll(async () => { tf = await useBackend('wasm'); });

/** NCHW [n,c,h,w] → one NHWC image [h,w,c] as a plain array. */
function nchwToNhwc(src: Float32Array, [, c, h, w]: number[], n: number): Float32Array {
  const out = new Float32Array(h * w * c);
  for (let k = 0; k < c; k++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    out[(y * w + x) * c + k] = src[((n * c + k) * h + y) * w + x];
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('the page path on the torchvision fixture', () => {
  let model: ResNet18;
  afterAll(() => model && disposeResNet18(model));

  it('parse → applyCheckpoint → runAllLayers reproduces torchvision logits and stages (≤ 1e-3)', async () => {
    const ck = parseSafetensors(readFixture('resnet18/hf/model.safetensors'));
    const config = JSON.parse(new TextDecoder().decode(readFixture('resnet18/hf/config.json')));
    model = createResNet18();
    const { report, labels } = applyCheckpoint(model, ck.tensors, config);
    expect(report.format).toBe('hf');
    expect(labels?.[134]).toBe('crane');
    const ref = parseSafetensors(readFixture('resnet18/hf/reference.safetensors')).tensors;
    const pv = ref.get('pixel_values')!;
    const logits = toFloat32(ref.get('logits')!);
    const stage4 = toFloat32(ref.get('stage4')!);
    const before = tf.memory().numTensors;
    for (let n = 0; n < pv.shape[0]; n++) {
      const x = tf.tensor4d(nchwToNhwc(toFloat32(pv), pv.shape, n), [1, 224, 224, 3]);
      const r = runAllLayers(model, x);
      const got = await r.logits.data();
      expect(maxAbsDiff(got, logits.subarray(n * 1000, (n + 1) * 1000)), `image ${n} logits`).toBeLessThan(1e-3);
      const s4 = await r.activations.get('stage4.block2.relu2')!.data();
      expect(maxAbsDiff(s4, nchwToNhwc(stage4, ref.get('stage4')!.shape, n)), `image ${n} stage4`).toBeLessThan(1e-3);
      const top = await topK(r.logits, 5);
      let best = 0;
      for (let i = 1; i < 1000; i++) if (logits[n * 1000 + i] > logits[n * 1000 + best]) best = i;
      expect(top[0].index).toBe(best);
      expect(top.map((t) => t.prob)).toEqual([...top.map((t) => t.prob)].sort((a, b) => b - a));
      x.dispose(); r.logits.dispose(); for (const t of r.activations.values()) t.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps every layer from ONE pass (no recompute to switch layers)', async () => {
    const x = tf.randomNormal([1, 224, 224, 3], 0, 1, 'float32', 3) as TF.Tensor4D;
    const r = runAllLayers(model, x);
    expect([...r.activations.keys()]).toEqual(model.graph.map((n) => n.name));
    expect(r.activations.get('stem.conv')!.shape).toEqual([1, 112, 112, 64]);
    expect(r.activations.get('head.gap')!.shape).toEqual([1, 512]);
    x.dispose(); r.logits.dispose(); for (const t of r.activations.values()) t.dispose();
  });

  it('refuses a checkpoint whose id2label disagrees with the model, assigning nothing', () => {
    const tiny = createResNet18({ numClasses: 10, widthMultiplier: 1 / 8, inputSize: 32 });
    const ck = parseSafetensors(readFixture('resnet18/hf/model.safetensors'));
    const config = JSON.parse(new TextDecoder().decode(readFixture('resnet18/hf/config.json')));
    expect(() => applyCheckpoint(tiny, ck.tensors, config)).toThrow(/1000 classes but the model has 10/);
    disposeResNet18(tiny);
  });
});

describe('gradients on a tiny width-1/8 model', () => {
  let m: ResNet18;
  beforeAll(() => {
    m = createResNet18({ widthMultiplier: 1 / 8, numClasses: 7, inputSize: 64 }, { seed: 5 });
    // Non-trivial BN statistics and affine terms so the head is not a plain average.
    for (const [k, v] of [...m.params, ...m.buffers]) {
      if (/gamma|beta|running/.test(k)) v.assign(tf.randomUniform(v.shape, k.includes('Var') ? 0.5 : -0.5, 1.5, 'float32', k.length));
    }
  });
  afterAll(() => disposeResNet18(m));

  it('Grad-CAM equals ReLU(Σ_k mean(∂y_c/∂A_k)·A_k) with gradients by central differences', async () => {
    const x = tf.randomNormal([1, 64, 64, 3], 0, 1, 'float32', 11) as TF.Tensor4D;
    const r = forward(m, x, { taps: ['stage4'] });
    const a = r.activations.get('stage4') as TF.Tensor4D;
    const [, h, w, c] = a.shape;
    const A = Float64Array.from(await a.data());
    const scoresAt = async (vals: Float64Array) => {
      const t = tf.tensor4d(Float32Array.from(vals), [1, h, w, c]);
      const out = forwardFrom(m, 'stage4', t);
      const s = await out.logits.data();
      t.dispose(); out.logits.dispose();
      return s;
    };
    // The head is linear in A (average pool + fc), so float32 central differences are accurate to ~1e-4.
    const eps = 1e-2;
    const grad = Array.from({ length: 7 }, () => new Float64Array(A.length));
    for (let i = 0; i < A.length; i++) {
      const p = A.slice(); p[i] += eps;
      const q = A.slice(); q[i] -= eps;
      const [sp, sq] = [await scoresAt(p), await scoresAt(q)];
      for (let cls = 0; cls < 7; cls++) grad[cls][i] = (sp[cls] - sq[cls]) / (2 * eps);
    }
    let positive = 0;
    for (let cls = 0; cls < 7; cls++) {
      const cam = new Float64Array(h * w);
      for (let k = 0; k < c; k++) {
        let wk = 0;
        for (let i = 0; i < h * w; i++) wk += grad[cls][i * c + k] / (h * w);
        for (let i = 0; i < h * w; i++) cam[i] += wk * A[i * c + k];
      }
      const want = Array.from(cam, (v) => Math.max(0, v));
      const got = gradCamRaw(m, a, cls);
      expect(got.shape).toEqual([h, w]);
      const g = await got.data();
      const scale = Math.max(...Array.from(cam, Math.abs), 1e-6);
      expect(maxAbsDiff(g, want) / scale, `class ${cls}`).toBeLessThan(1e-2);
      positive += want.filter((v) => v > 0).length;
      const up = gradCam(m, a, cls, [64, 64]);
      expect(up.shape).toEqual([64, 64]);
      expect(Math.max(...(await up.data()))).toBeLessThanOrEqual(Math.max(...g) + 1e-6);
      got.dispose(); up.dispose();
    }
    expect(positive).toBeGreaterThan(0);
    x.dispose(); r.logits.dispose(); a.dispose();
  });

  it('saliency equals max_c |∂y_c/∂x| by central differences at sampled pixels', async () => {
    const x = tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 12) as TF.Tensor4D;
    const X = Float64Array.from(await x.data());
    const cls = 1;
    const sal = saliency(m, x, cls);
    const s = await sal.data();
    const score = async (vals: Float64Array) => {
      const t = tf.tensor4d(Float32Array.from(vals), [1, 32, 32, 3]);
      const out = forward(m, t);
      const v = (await out.logits.data())[cls];
      t.dispose(); out.logits.dispose();
      return v;
    };
    const eps = 3e-3;
    let checked = 0;
    for (const pix of [0, 37, 140, 333, 512, 700, 1023]) {
      let best = 0;
      for (let ch = 0; ch < 3; ch++) {
        const p = X.slice(); p[pix * 3 + ch] += eps;
        const q = X.slice(); q[pix * 3 + ch] -= eps;
        best = Math.max(best, Math.abs(((await score(p)) - (await score(q))) / (2 * eps)));
      }
      // Tolerance: float32 logits (~1e-6 relative) over 2·eps, plus a ReLU/max-pool kink within ±eps.
      expect(Math.abs(s[pix] - best)).toBeLessThan(2e-3 + 0.05 * best);
      checked++;
    }
    expect(checked).toBe(7);
    x.dispose(); sal.dispose();
  });

  it('leaks nothing: run + every layer read + Grad-CAM for 5 classes + saliency', async () => {
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([1, 64, 64, 3]) as TF.Tensor4D;
    const r = runAllLayers(m, x);
    for (const t of r.activations.values()) await toPlain(t);
    const top = await topK(r.logits, 5);
    for (const t of top) gradCam(m, r.activations.get('stage4.block2.relu2') as TF.Tensor4D, t.index, [64, 64]).dispose();
    saliency(m, x, top[0].index).dispose();
    x.dispose(); r.logits.dispose(); for (const t of r.activations.values()) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
