/**
 * What quantizing the weights does to the whole network, on the sample photos: model size stored as fp32, fp16
 * and int8 (per tensor / per channel), top-1 agreement with fp32, and the largest logit deviation. Each variant
 * is a round-trip copy of the live model (its weights rounded to fp16, or quantized and dequantized), run by
 * the same tfjs forward pass, so the only difference is the stored weights.
 */
import { disposeResNet18, modelSizes, roundTripModel, type ResNet18, type WeightRoundTrip } from '../../src/lib/nn';
import { agreement, maxAbsDiff, repeatBatch, top1 } from './measure';
import { tfjsLogits, type SampleSet } from './logits';

/** One row of the network-effect table. */
export interface EffectRow {
  label: string;
  bytes: number;
  /** Photos whose top-1 class equals fp32's. */
  agree: number;
  total: number;
  /** max |logit − fp32 logit| over all photos and classes. */
  maxDeviation: number;
}

const VARIANTS: { kind: WeightRoundTrip; label: string; size: keyof ReturnType<typeof modelSizes> }[] = [
  { kind: 'fp16', label: 'fp16 weights', size: 'fp16' },
  { kind: 'int8-per-tensor', label: 'int8 weights, per tensor', size: 'int8PerTensor' },
  { kind: 'int8-per-channel', label: 'int8 weights, per channel', size: 'int8PerChannel' },
];

/** The table: fp32 first, then fp16, int8 per tensor, int8 per channel. Leaves no tensors behind. */
export async function networkEffect(m: ResNet18, s: SampleSet): Promise<EffectRow[]> {
  const n = s.images.length;
  const batch = repeatBatch(s.images, n);
  const classes = m.config.numClasses;
  const sizes = modelSizes(m);
  const ref = await tfjsLogits(m, batch, n, s.size);
  const refTop = top1(ref, classes);
  const rows: EffectRow[] = [{ label: 'fp32 (as loaded)', bytes: sizes.fp32, agree: n, total: n, maxDeviation: 0 }];
  for (const v of VARIANTS) {
    const copy = await roundTripModel(m, v.kind);
    try {
      const got = await tfjsLogits(copy, batch, n, s.size);
      rows.push({ label: v.label, bytes: sizes[v.size], agree: agreement(top1(got, classes), refTop), total: n, maxDeviation: maxAbsDiff(got, ref) });
    } finally {
      disposeResNet18(copy);
    }
  }
  return rows;
}
