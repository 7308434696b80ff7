/**
 * The frozen backbone's one pass per picture, with every BatchNorm folded into the conv before it. Frozen means
 * BatchNorm in eval mode, a fixed per-channel affine map, so conv → BN (→ ReLU) is one conv with new weights and a
 * bias, and tfjs's fused conv applies the bias and the ReLU in the same kernel. In wasm the separate BatchNorm
 * kernel is single-threaded and took about a tenth of the pass (tf.profile, 224², batch 8) while the convs use
 * every thread; folding removes it. Same folding as the exports (foldConvBn, scale taken in float64).
 */
import * as tf from '@tensorflow/tfjs-core';
import { foldConvBn, boundaryAliases, maxPool2d, globalAvgPool, INPUT, type ResNet18 } from '../../src/lib/nn';
import type { CachePoint } from '../../src/lib/train/featureCache';

/** One folded conv: weight HWIO [k,k,in,out], bias [out], and the conv's stride and padding. */
interface FoldedConv { w: tf.Tensor4D; b: tf.Tensor1D; stride: number; pad: number }

/** The backbone with each BN node's conv folded in (keyed by the BN node's name). Owns its tensors: disposeFolded. */
export interface FoldedBackbone { m: ResNet18; convs: Map<string, FoldedConv> }

/** Folds every conv + BN pair of `m` (reads the weights with await data()). Free with disposeFolded. */
export async function foldBackbone(m: ResNet18): Promise<FoldedBackbone> {
  const convs = new Map<string, FoldedConv>();
  for (const bn of m.graph) {
    if (bn.kind !== 'bn') continue;
    const conv = m.graph.find((n) => n.name === bn.inputs[0]);
    if (conv?.kind !== 'conv') throw new Error(`${bn.name} does not follow a convolution.`);
    const f = await foldConvBn(m, conv, bn, 'hwio');
    convs.set(bn.name, { w: tf.tensor4d(f.weight, f.dims), b: tf.tensor1d(f.bias), stride: conv.stride ?? 1, pad: conv.pad ?? 0 });
  }
  return { m, convs };
}

/** Frees the folded weights. */
export function disposeFolded(f: FoldedBackbone): void {
  for (const c of f.convs.values()) tf.dispose([c.w, c.b]);
  f.convs.clear();
}

/**
 * The frozen pass on x [N,H,W,3] (NHWC, normalised) up to the last of `points`: each point's activation, in order
 * ('head.gap' [N,512], 'stage3' [N,h,w,256]). Intermediates are freed as soon as nothing reads them. Caller
 * disposes the results; x is not disposed.
 */
export function frozenPass(f: FoldedBackbone, x: tf.Tensor4D, points: CachePoint[]): tf.Tensor[] {
  const graph = f.m.graph;
  const aliases = boundaryAliases(graph);
  const want = points.map((p) => aliases.get(p) ?? p);
  const last = Math.max(...want.map((w) => graph.findIndex((n) => n.name === w)));
  const uses = new Map<string, number>();
  for (let i = 0; i <= last; i++) {
    const n = graph[i];
    const reads = n.kind === 'conv' ? [] : n.kind === 'bn' ? graph.find((c) => c.name === n.inputs[0])!.inputs : n.inputs;
    for (const r of reads) uses.set(r, (uses.get(r) ?? 0) + 1);
  }
  return tf.tidy(() => {
    const values = new Map<string, tf.Tensor>([[INPUT, x]]);
    const out = new Map<string, tf.Tensor>();
    const read: string[] = [];
    const take = (name: string) => { read.push(name); return values.get(name)!; };
    // After the op ran: what no later node reads (and no point asks for) is freed now, not at the end of the tidy.
    const release = () => {
      for (const name of read.splice(0)) {
        const left = (uses.get(name) ?? 1) - 1;
        uses.set(name, left);
        const t = values.get(name)!;
        if (left === 0 && t !== x && !want.includes(name)) { values.delete(name); t.dispose(); }
      }
    };
    for (let i = 0; i <= last; i++) {
      const n = graph[i];
      let y: tf.Tensor;
      let name = n.name;
      if (n.kind === 'conv') continue;
      if (n.kind === 'bn') {
        const c = f.convs.get(n.name)!;
        const next = graph[i + 1];
        const fuse = next?.kind === 'relu' && next.inputs[0] === n.name && uses.get(n.name) === 1 && !want.includes(n.name);
        const input = graph.find((g) => g.name === n.inputs[0])!.inputs[0];
        y = tf.fused.conv2d({ x: take(input) as tf.Tensor4D, filter: c.w, strides: c.stride, pad: c.pad, bias: c.b, activation: fuse ? 'relu' : 'linear' });
        if (fuse) { name = next.name; i += 1; }
      } else if (n.kind === 'relu') y = tf.relu(take(n.inputs[0]));
      else if (n.kind === 'maxpool') y = maxPool2d(take(n.inputs[0]) as tf.Tensor4D, n.kernel ?? 3, n.stride ?? 2, n.pad ?? 0);
      else if (n.kind === 'add') y = tf.add(take(n.inputs[0]), take(n.inputs[1]));
      else if (n.kind === 'gap') y = globalAvgPool(take(n.inputs[0]) as tf.Tensor4D);
      else throw new Error(`the frozen pass stops before ${n.name}`);
      release();
      values.set(name, y);
      if (want.includes(name)) out.set(name, y);
    }
    return want.map((w) => out.get(w)!);
  });
}
