/**
 * The ready example set, made on the page with no download: four classes of the studio's procedural pictures
 * (synthetic.ts: a disc, a triangle, horizontal stripes, a checkerboard, random colours, positions, scales and
 * noise), drawn at SIDE px. They are drawings, not photos: ImageNet features separate them easily, so the set
 * shows the mechanics, not how well the model transfers to your own objects.
 */
import { makeSyntheticDataset, SYNTHETIC_CLASSES } from '../../src/lib/data/synthetic';
import type { ImageDataset } from '../../src/lib/data/dataset';

/** The classes of the example set, by their synthetic.ts names. */
export const EXAMPLE_CLASSES = ['disc', 'triangle', 'h-stripes', 'checks'] as const;

/** `perClass` pictures of each example class at side×side RGB, seeded; labels 0..3 in EXAMPLE_CLASSES order. */
export function makeExampleSet(perClass: number, side: number, seed = 1): ImageDataset {
  const all = makeSyntheticDataset({ perClass, seed, size: side });
  const keep = EXAMPLE_CLASSES.map((c) => SYNTHETIC_CLASSES.indexOf(c));
  const idx = [...all.labels.keys()].filter((i) => keep.includes(all.labels[i]));
  const px = side * side * 3;
  const images = new Uint8Array(idx.length * px);
  idx.forEach((i, j) => images.set(all.images.subarray(i * px, (i + 1) * px), j * px));
  return { images, labels: Uint8Array.from(idx, (i) => keep.indexOf(all.labels[i])), width: side, height: side, classNames: [...EXAMPLE_CLASSES] };
}
