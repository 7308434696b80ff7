/**
 * Fine-tuning helpers: read what a ResNet-18 weights file was made for (stem variant, width, classes), load it
 * into a model for a new dataset (every tensor except a classifier of the wrong shape, which stays freshly
 * initialised), and the optimizer groups that freeze the backbone or give it a smaller learning rate.
 */
import { type ResNet18, type Variant, type ParamGroup, type SafeTensor, loadWeights, type LoadReport, normaliseKey } from '../nn';
import type { FinetuneConfig } from './config';

/** What a weights file holds, read from its tensor shapes. */
export interface PretrainedInfo {
  format: 'torchvision' | 'hf';
  variant: Variant;
  /** Stem channels / 64. */
  widthMultiplier: number;
  /** Rows of the classifier (fc) in the file. */
  numClasses: number;
}

const STEM = { torchvision: 'conv1.weight', hf: 'resnet.embedder.embedder.convolution.weight' } as const;
const FC = { torchvision: 'fc.weight', hf: 'classifier.1.weight' } as const;

/** Reads variant (7×7 stem → ImageNet, 3×3 → CIFAR), width and class count; throws Error saying what is wrong. */
export function inspectPretrained(tensors: Map<string, SafeTensor>): PretrainedInfo {
  const byKey = new Map([...tensors].map(([k, t]) => [normaliseKey(k), t]));
  const format = byKey.has(STEM.hf) ? 'hf' : 'torchvision';
  const stem = byKey.get(STEM[format]);
  const fc = byKey.get(FC[format]);
  if (!stem || !fc) {
    throw new Error(`This file has no ResNet-18 ${!stem ? 'stem (conv1.weight)' : 'classifier (fc.weight)'}: pick a torchvision- or Hugging Face-named ResNet-18 .safetensors file.`);
  }
  const [out, inC, k] = stem.shape;
  if (stem.shape.length !== 4 || inC !== 3 || (k !== 7 && k !== 3) || out % 8 !== 0) {
    throw new Error(`The stem of this file has shape [${stem.shape}]; a ResNet-18 stem is [64·width, 3, 7, 7] (ImageNet) or [64·width, 3, 3, 3] (CIFAR).`);
  }
  return { format, variant: k === 7 ? 'imagenet' : 'cifar', widthMultiplier: out / 64, numClasses: fc.shape[0] };
}

/**
 * Loads a weights file into `m` (built with the file's variant and width) for fine-tuning: all tensors are
 * required and checked as loadWeights does, except head.fc, which is skipped (kept as initialised) when the
 * file's classifier has a different shape (another number of classes). Throws WeightsError on any other misfit.
 */
export function loadPretrained(m: ResNet18, tensors: Map<string, SafeTensor>): LoadReport {
  const info = inspectPretrained(tensors);
  const fcFits = info.numClasses === m.config.numClasses;
  return loadWeights(m, tensors, { skip: (name) => !fcFits && name.startsWith('head.fc.') });
}

/** True for the classifier's parameters (the part a fine-tuned model always trains at the full rate). */
export const isHead = (paramName: string): boolean => paramName.startsWith('head.fc.');

/** Optimizer groups for a fine-tuning setting: the backbone (all but head.fc) frozen, or at lrScale × lr. */
export function backboneGroups(ft: FinetuneConfig | null | undefined): ParamGroup[] {
  if (!ft) return [];
  const backbone = (n: string) => !isHead(n);
  return ft.backbone === 'freeze' ? [{ match: backbone, frozen: true }] : [{ match: backbone, lrScale: ft.backboneLrScale }];
}

/** One line for the learner: how many tensors came from the file, and whether the classifier was re-initialised. */
export function describeLoad(report: LoadReport, source: string, numClasses: number): string {
  const fc = report.skipped?.length
    ? `the classifier (fc) was re-initialised for your ${numClasses} classes, since the file's has another size`
    : 'the classifier (fc) came from the file too (same number of classes)';
  return `Loaded ${report.loaded.length} tensors from ${source}; ${fc}.`;
}
