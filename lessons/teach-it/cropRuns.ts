/**
 * Numbers of the crop comparison that are not timings: the backbone's multiply-adds at a crop (the model's own
 * per-layer count) and a run's held-out top-1.
 */
import { summarizeConfig } from '../../src/lib/nn';
import type { CropRun } from './TeachSession.svelte';

/** Multiply-adds of the backbone (every layer but head.fc) for one crop×crop picture. */
export function cropMacs(crop: number): number {
  return summarizeConfig({ variant: 'imagenet', inputSize: crop }).layers.filter((l) => l.name !== 'head.fc').reduce((a, l) => a + l.macs, 0);
}

/** Share of held-out pictures predicted right (0 when there are none). */
export function topOne(r: Pick<CropRun, 'correct' | 'valCount'>): number {
  return r.valCount ? r.correct / r.valCount : 0;
}
