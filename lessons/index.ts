import type { Lesson, LessonMeta, LessonText } from './types';
import type { Locale } from '../src/lib/i18n/index';
import { localizeLesson } from './localize';

/**
 * The syllabus, in order (../shared/SYLLABUS.md). A lesson is "ready" exactly when its folder
 * holds lessons/<id>/lesson.ts; otherwise the table of contents marks it as coming. Each module is its own
 * chunk, loaded when the learner opens it.
 */
export const SYLLABUS: LessonMeta[] = [
  { id: 'welcome', title: 'Welcome', summary: 'What a residual network is for, and what your machine can compute.' },
  { id: 'convolution', title: 'Convolution', summary: 'One multiply-add, a sliding window, stride, padding, dilation, channels.' },
  { id: 'pooling', title: 'Pooling', summary: 'Max and average pooling, downsampling, global average pooling.' },
  { id: 'batchnorm', title: 'Batch norm and ReLU', summary: 'Batch statistics vs running statistics; train vs eval mode.' },
  { id: 'how-networks-learn', title: 'How a network learns', summary: 'Loss, gradient descent, backpropagation, momentum, Adam, weight decay; train / validation / test.' },
  { id: 'residual-block', title: 'The residual block', summary: 'H(x) = F(x) + x; identity and projection shortcuts; the gradient through the sum.' },
  { id: 'why-residuals', title: 'Why residuals train', summary: 'Plain vs residual networks of equal depth, trained side by side.' },
  { id: 'architecture', title: 'The architecture', summary: 'The whole ResNet-18, read off the real model.' },
  { id: 'run-it', title: 'Run it', summary: 'Pretrained ImageNet weights, preprocessing, top-5, feature maps, Grad-CAM.' },
  { id: 'train-it', title: 'Train it', summary: 'A small dataset, augmentation, SGD with momentum, cosine schedule, gradients.' },
  { id: 'teach-it', title: 'Teach it your classes', summary: 'The pretrained backbone once per picture, a new head in seconds; webcam, folder, Grad-CAM, export.' },
  { id: 'ship-it', title: 'Ship it', summary: 'INT8 and fp16 weights, export to PyTorch, fine-tuning, distillation.' },
];

const modules = import.meta.glob<{ default: Lesson }>('./*/lesson.ts');

/** True when the lesson's module exists (it is built), false when it is still coming. */
export function isReady(id: string): boolean {
  return `./${id}/lesson.ts` in modules;
}

const zhModules = import.meta.glob<{ default: LessonText }>('./*/lesson.zh.ts');

/** True when the lesson has a Chinese text (lessons/<id>/lesson.zh.ts). */
export function hasTranslation(id: string): boolean {
  return `./${id}/lesson.zh.ts` in zhModules;
}

/**
 * Loads a ready lesson's module (its own chunk) in a language: for Chinese, its lesson.zh.ts chunk too, laid
 * over the English. Rejects for a lesson that is still coming.
 */
export async function loadLesson(id: string, locale: Locale = 'en'): Promise<Lesson> {
  const load = modules[`./${id}/lesson.ts`];
  if (!load) throw new Error(`Lesson "${id}" is not built yet.`);
  const loadZh = locale === 'zh' ? zhModules[`./${id}/lesson.zh.ts`] : undefined;
  const [lesson, zh] = await Promise.all([load(), loadZh ? loadZh() : Promise.resolve(null)]);
  return zh ? localizeLesson(lesson.default, zh.default) : lesson.default;
}
