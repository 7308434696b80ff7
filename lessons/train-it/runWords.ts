/**
 * The studio's stored messages worded in the page's language at display time. The training worker runs without a
 * locale, and the studio state keeps its messages in English (the tests read them), so every sentence they can
 * hold is recognised here by its English form and said again through t() with the same facts (numbers, names,
 * file names). A sentence not listed (a library's own error text) is shown as it came.
 */
import { i18n, t } from '../../src/lib/i18n/index';
import { formatBytes, type MemoryEstimate } from '../../src/lib/train/memoryEstimate';
import type { ImageDataset } from '../../src/lib/data/dataset';

/** Fixed sentences: English → its words now (a function, so each t() call has a literal key). */
const FIXED: Record<string, () => string> = {
  'Building the dataset…': () => t('Building the dataset…'),
  'Load or build a dataset first.': () => t('Load or build a dataset first.'),
  'Restoring the saved run…': () => t('Restoring the saved run…'),
  'Building the model…': () => t('Building the model…'),
  'Rebuilding the dataset…': () => t('Rebuilding the dataset…'),
  'The training worker was restarted; ask again.': () => t('The training worker was restarted; ask again.'),
  'There is no model yet: start a run first.': () => t('There is no model yet: start a run first.'),
  'Stop ended the training worker.': () => t('Stop ended the training worker.'),
  'The training studio was closed.': () => t('The training studio was closed.'),
  'First step: compiling WebGL shaders…': () => t('First step: compiling WebGL shaders…'),
  'First step: warming up…': () => t('First step: warming up…'),
  'Paused; saved where it stopped.': () => t('Paused; saved where it stopped.'),
  'Paused.': () => t('Paused.'),
  'No model to export yet.': () => t('No model to export yet.'),
  'No model to explain yet.': () => t('No model to explain yet.'),
  'Drawing the synthetic images…': () => t('Drawing the synthetic images…'),
  'Reading CIFAR-10…': () => t('Reading CIFAR-10…'),
  'No usable training images with at least two classes were found (see the list of skipped files).':
    () => t('No usable training images with at least two classes were found (see the list of skipped files).'),
  'Give every class a name.': () => t('Give every class a name.'),
  'Add at least two classes (with different names).': () => t('Add at least two classes (with different names).'),
  'Training needs at least two classes.': () => t('Training needs at least two classes.'),
  'The training and validation images do not have the same classes.': () => t('The training and validation images do not have the same classes.'),
  'not inside a class folder (expected <class>/<image>)': () => t('not inside a class folder (expected <class>/<image>)'),
  'not an image (extension)': () => t('not an image (extension)'),
  'only one class found; training needs at least two': () => t('only one class found; training needs at least two'),
  'no checkpoint was saved yet': () => t('no checkpoint was saved yet'),
  'start again: no checkpoint was saved yet': () => t('start again: no checkpoint was saved yet'),
  'the classifier (fc) came from the file too (same number of classes)': () => t('the classifier (fc) came from the file too (same number of classes)'),
  'not a CIFAR-10 batch file (skipped)': () => t('not a CIFAR-10 batch file (skipped)'),
  'the archive holds no data_batch_N.bin or test_batch.bin': () => t('the archive holds no data_batch_N.bin or test_batch.bin'),
  'it does not say which dataset it used': () => t('it does not say which dataset it used'),
  'its synthetic dataset settings are incomplete': () => t('its synthetic dataset settings are incomplete'),
  'its dataset has no name': () => t('its dataset has no name'),
  'it has no save time': () => t('it has no save time'),
  'its test score is damaged': () => t('its test score is damaged'),
  'it is unreadable': () => t('it is unreadable'),
  'This file has no ResNet-18 stem (conv1.weight): pick a torchvision- or Hugging Face-named ResNet-18 .safetensors file.':
    () => t('This file has no ResNet-18 stem (conv1.weight): pick a torchvision- or Hugging Face-named ResNet-18 .safetensors file.'),
  'This file has no ResNet-18 classifier (fc.weight): pick a torchvision- or Hugging Face-named ResNet-18 .safetensors file.':
    () => t('This file has no ResNet-18 classifier (fc.weight): pick a torchvision- or Hugging Face-named ResNet-18 .safetensors file.'),
};

type Rule = [RegExp, (m: RegExpMatchArray) => string];

/** Sentences with facts in them, tried in order; inner clauses are worded by runText again. */
const RULES: Rule[] = [
  [/^the last checkpoint \(epoch (\d+), step (\d+)\) is kept$/, (m) => t('the last checkpoint (epoch {epoch}, step {step}) is kept', { epoch: m[1], step: m[2] })],
  [/^continue from the last checkpoint \(epoch (\d+), step (\d+)\), which is kept$/,
    (m) => t('continue from the last checkpoint (epoch {epoch}, step {step}), which is kept', { epoch: m[1], step: m[2] })],
  [/^Stopped; (.+): continue from it or start afresh\.$/s, (m) => t('Stopped; {clause}: continue from it or start afresh.', { clause: runText(m[1]) })],
  [/^Stopped; (.+)\.$/s, (m) => t('Stopped; {clause}.', { clause: runText(m[1]) })],
  [/^Stopped mid-step \(the worker was ended after (\S+) s without answering\); (.+)\.$/s,
    (m) => t('Stopped mid-step (the worker was ended after {seconds} s without answering); {clause}.', { seconds: m[1], clause: runText(m[2]) })],
  [/^Resumed at epoch (\d+), step (\d+)\.$/, (m) => t('Resumed at epoch {epoch}, step {step}.', { epoch: m[1], step: m[2] })],
  [/^The training worker crashed: (.*)$/s, (m) => t('The training worker crashed: {why}', { why: m[1] })],
  [/^Fine-tuning needs its weights file \((.+)\) again: pick it in the recipe, or switch fine-tuning off\.$/s,
    (m) => t('Fine-tuning needs its weights file ({file}) again: pick it in the recipe, or switch fine-tuning off.', { file: m[1] })],
  [/^about (.+) per step \(activations (.+), weights (.+), gradients (.+), optimizer (.+)\)$/,
    (m) => t('about {total} per step (activations {activations}, weights {weights}, gradients {gradients}, optimizer {optimizer})',
      { total: m[1], activations: m[2], weights: m[3], gradients: m[4], optimizer: m[5] })],
  [/^This recipe needs (.+), more than the (\S+) backend can hold \((.+)\)\. Choose a smaller batch size or width\.$/s,
    (m) => t('This recipe needs {estimate}, more than the {backend} backend can hold ({limit}). Choose a smaller batch size or width.',
      { estimate: runText(m[1]), backend: m[2], limit: m[3] })],
  [/^This run already finished its (\d+) epochs\.$/, (m) => t('This run already finished its {epochs} epochs.', { epochs: m[1] })],
  [/^Training diverged at step (\d+): (.+)\. The learning rate \((\S+)\) is probably too high: lower it \(or add warm-up\) and (.+)\.$/s,
    (m) => t('Training diverged at step {step}: {what}. The learning rate ({lr}) is probably too high: lower it (or add warm-up) and {next}.',
      { step: m[1], what: runText(m[2]), lr: m[3], next: runText(m[4]) })],
  [/^the loss became (\S+)$/, (m) => t('the loss became {loss}', { loss: m[1] })],
  [/^the loss was (\S+) but (\d+) of (\d+) gradient tensors held NaN or ±Infinity$/,
    (m) => t('the loss was {loss} but {bad} of {total} gradient tensors held NaN or ±Infinity', { loss: m[1], bad: m[2], total: m[3] })],
  [/^the loss was (\S+) but the update would have made (\d+) of (\d+) weight, optimizer-state or BN-statistics tensors NaN or ±Infinity$/,
    (m) => t('the loss was {loss} but the update would have made {bad} of {total} weight, optimizer-state or BN-statistics tensors NaN or ±Infinity',
      { loss: m[1], bad: m[2], total: m[3] })],
  [/^the validation loss became (\S+) after epoch (\d+)$/, (m) => t('the validation loss became {loss} after epoch {epoch}', { loss: m[1], epoch: m[2] })],
  [/^(\d+) tensors \((.+)…\) hold NaN or ±Infinity, so they were not saved$/s,
    (m) => t('{count} tensors ({names}…) hold NaN or ±Infinity, so they were not saved', { count: m[1], names: m[2] })],
  [/^Out of memory \((.*)\)\. Try a smaller batch size or width; (.+)\.$/s,
    (m) => t('Out of memory ({detail}). Try a smaller batch size or width; {clause}.', { detail: m[1], clause: runText(m[2]) })],
  [/^Training stopped: (.*)$/s, (m) => t('Training stopped: {why}', { why: m[1] })],
  [/^Finished (\d+) epochs\.$/, (m) => t('Finished {epochs} epochs.', { epochs: m[1] })],
  [/^Stopped early: validation loss has not improved for (\d+) epochs \(best (\S+)\)\.$/,
    (m) => t('Stopped early: validation loss has not improved for {patience} epochs (best {best}).', { patience: m[1], best: m[2] })],
  [/^the classifier \(fc\) was re-initialised for your (\d+) classes, since the file's has another size$/,
    (m) => t("the classifier (fc) was re-initialised for your {classes} classes, since the file's has another size", { classes: m[1] })],
  [/^Loaded (\d+) tensors from (.+); (the classifier \(fc\) .+)\.$/s,
    (m) => t('Loaded {count} tensors from {file}; {classifier}.', { count: m[1], file: m[2], classifier: runText(m[3]) })],
  [/^Could not build the synthetic dataset: (.*)$/s, (m) => t('Could not build the synthetic dataset: {why}', { why: runText(m[1]) })],
  [/^Could not load the files: (.*)$/s, (m) => t('Could not load the files: {why}', { why: runText(m[1]) })],
  [/^Decoding images (\d+)\/(\d+)…$/, (m) => t('Decoding images {done}/{total}…', { done: m[1], total: m[2] })],
  [/^(\d+) images were not 32×32 and were resized$/, (m) => t('{count} images were not 32×32 and were resized', { count: m[1] })],
  [/^class "(.+)" has no usable images \(skipped\)$/s, (m) => t('class "{name}" has no usable images (skipped)', { name: m[1] })],
  [/^(\d+) classes; at most 255 are supported$/, (m) => t('{count} classes; at most 255 are supported', { count: m[1] })],
  [/^These images cannot be used yet\. (.*)$/s, (m) => t('These images cannot be used yet. {problem}', { problem: runText(m[1]) })],
  [/^Every class needs at least (\d+) training images and (\d+) validation image: .* Too few in (.+?)(?: and (\d+) more classes)?\. Add images to (?:that class|those classes) \(a folder without train\/ and test\/ sub-folders needs at least (\d+) per class\) or leave (?:it|them) out\.$/s,
    (m) => shortClasses(m)],
  [/^Capture at least (\d+) frames of every class, (\d+) to train on and (\d+) to validate \((.+) (?:has|have) fewer\)\.$/s,
    (m) => t('Capture at least {frames} frames of every class, {train} to train on and {val} to validate (too few: {classes}).',
      { frames: m[1], train: m[2], val: m[3], classes: m[4] })],
  [/^could not decode the image \((.*)\)$/s, (m) => t('could not decode the image ({why})', { why: m[1] })],
  [/^too small \((\d+)×(\d+), need ≥ (\d+)×(\d+)\)$/, (m) => t('too small ({width}×{height}, need ≥ {min}×{min})', { width: m[1], height: m[2], min: m[3] })],
  [/^holds ([\d,]+) records; with those before it that passes ([\d,]+), the most read \(CIFAR-10 has 60,000\): skipped$/,
    (m) => t('holds {count} records; with those before it that passes {limit}, the most read (CIFAR-10 has 60,000): skipped', { count: m[1], limit: m[2] })],
  [/^(\S+ [GMk]?B) in all; at most (\S+ [GMk]?B) is read \(CIFAR-10's batches are 170 MB\)$/,
    (m) => t("{total} in all; at most {limit} is read (CIFAR-10's batches are 170 MB)", { total: m[1], limit: m[2] })],
  [/^The stem of this file has shape \[(.*)\]; a ResNet-18 stem is .*$/s,
    (m) => t('The stem of this file has shape [{shape}]; a ResNet-18 stem is [64·width, 3, 7, 7] (ImageNet) or [64·width, 3, 3, 3] (CIFAR).', { shape: m[1] })],
  [/^its test fraction is (\S+)$/, (m) => t('its test fraction is {value}', { value: m[1] })],
  [/^it belongs to "(.*)"$/s, (m) => t('it belongs to "{key}"', { key: m[1] })],
  [/^its step (\S+) is not within its (\S+) steps$/, (m) => t('its step {step} is not within its {total} steps', { step: m[1], total: m[2] })],
  [/^its steps per epoch are (\S+)$/, (m) => t('its steps per epoch are {value}', { value: m[1] })],
  [/^its (epoch|step|step count) is (\S+)(?:, (.+))?$/s, (m) => recordFields(m)],
  [/^The saved run's record is damaged \((.+)\), so it cannot be resumed\. Discard it and start afresh\.$/s,
    (m) => t("The saved run's record is damaged ({problem}), so it cannot be resumed. Discard it and start afresh.", { problem: runText(m[1]) })],
  [/^(.+?) cannot be used: (.*)$/s, (m) => t('{file} cannot be used: {why}', { file: m[1], why: runText(m[2]) })],
];

/** recordProblem's list of bad counters ("its epoch is NaN, its step is -1"), each said in Chinese. */
function recordFields(m: RegExpMatchArray): string {
  const field = m[1] === 'epoch' ? t('its epoch is {value}', { value: m[2] }) : m[1] === 'step' ? t('its step is {value}', { value: m[2] })
    : t('its step count is {value}', { value: m[2] });
  return m[3] ? `${field}${t(', ')}${runText(m[3])}` : field;
}

/** splitProblem's sentence in Chinese: the short classes listed with their counts (the names as given). */
function shortClasses(m: RegExpMatchArray): string {
  const list = m[3].replace(/\((\d+) training, (\d+) validation\)/g, (_, tr: string, va: string) =>
    t('({train} training, {val} validation)', { train: tr, val: va }));
  const text = t('Every class needs at least {train} training images and {val} validation image: the validation images measure each epoch, decide early stopping and which epoch is saved. Too few in {list}.',
    { train: m[1], val: m[2], list });
  const more = m[4] ? t('{count} more classes are short too.', { count: m[4] }) : '';
  return [text, more, t('Add images to them (a folder without train/ and test/ sub-folders needs at least {min} per class) or leave them out.', { min: m[5] })]
    .filter(Boolean).join(''); // only reached in Chinese (English keeps the sentence as it came), which needs no spaces
}

/**
 * A stored studio message (English, from the page or the worker) in the page's language; unknown text unchanged.
 * Reads the locale, so a template or $derived that calls it rewords on a language switch.
 */
export function runText(en: string): string {
  if (i18n.current === 'en') return en;
  const fixed = FIXED[en];
  if (fixed) return fixed();
  for (const [re, word] of RULES) {
    const m = en.match(re);
    if (m) return word(m);
  }
  return en;
}

/** The memory estimate in one line, in the page's language (describeEstimate's figures, as formatBytes writes them). */
export function estimateText(e: MemoryEstimate): string {
  return t('about {total} per step (activations {activations}, weights {weights}, gradients {gradients}, optimizer {optimizer})', {
    total: formatBytes(e.total), activations: formatBytes(e.activations), weights: formatBytes(e.weights),
    gradients: formatBytes(e.gradients), optimizer: formatBytes(e.optimizer),
  });
}

/** The built-in dataset's class ids (SYNTHETIC_CLASSES) as the page names them; the ids stay the data. */
const CLASS_WORDS: Record<string, () => string> = {
  disc: () => t('disc'), square: () => t('square'), triangle: () => t('triangle'), plus: () => t('plus'), ring: () => t('ring'),
  'h-stripes': () => t('h-stripes'), 'v-stripes': () => t('v-stripes'), checks: () => t('checks'), diagonals: () => t('diagonals'), dots: () => t('dots'),
};

/** Class `name` of dataset `d` as shown: the built-in dataset's are worded, a learner's own names stay as typed. */
export function classWord(d: Pick<ImageDataset, 'source'> | null | undefined, name: string): string {
  return d?.source?.kind === 'synthetic' ? CLASS_WORDS[name]?.() ?? name : name;
}

/** Every class name of `d` as shown (see classWord). */
export function classWords(d: Pick<ImageDataset, 'source' | 'classNames'>): string[] {
  return d.classNames.map((n) => classWord(d, n));
}
