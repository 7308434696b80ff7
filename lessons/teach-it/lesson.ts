import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import TeachStudio from './TeachStudio.svelte';

/**
 * "Teach it your classes": the pretrained ResNet-18 as a feature extractor for the learner's own classes. Its own
 * lesson (not a tab of Train it) because the studio trains from scratch at 32×32, while this runs the ImageNet
 * model at its own 224×224 preprocessing and reuses one expensive pass per picture — a different idea.
 */
const teachIt: Lesson = {
  id: 'teach-it',
  title: 'Teach it your classes',
  steps: [
    {
      title: 'A new head on an old backbone',
      cells: [
        {
          kind: 'text',
          md: `Everything before the last layer of an ImageNet ResNet-18 turns a 224×224 picture into **512 numbers**
(the global average pool). Those numbers were learnt to tell 1,000 ImageNet classes apart, and they tell
many other things apart too. To teach the network *your* classes, keep that backbone **frozen** and train
only a new last layer — a linear softmax classifier from 512 numbers to your $K$ classes.

Frozen means the backbone gives the same 512 numbers for a picture every epoch (BatchNorm uses its running
statistics, nothing changes). So it runs **once per picture**, in a background worker, and its outputs are
kept; the head then trains on the kept numbers in a fraction of a second per epoch. Unless you unfreeze more.`,
        },
        { kind: 'figure', component: TeachStudio, alt: 'A training panel: pick pictures per class from the webcam, a folder or a generated example set, train a new head on the pretrained ResNet-18, then see a confusion matrix, live predictions with Grad-CAM, and download the model.' },
      ],
    },
    {
      title: 'What unfreezing stage 4 costs',
      cells: [
        {
          kind: 'text',
          md: `Ticking **unfreeze stage 4** keeps the stage-3 activations instead of the pooled features: at 224×224
that is a $14 \\times 14 \\times 256$ block per picture, **50,176 floats (196 KB)** instead of 512 (2 KB) —
about 98× the memory (200 pictures: 40 MB instead of 0.4 MB). Stage 4 (8.4 M of the 11.7 M parameters) and the
head then train from them with \`forwardFrom('stage3', …)\`: every epoch runs stage 4 forward and backward, so
an epoch takes seconds, not milliseconds. Stage 4 learns at a tenth of the head's learning rate (**differential
learning rates**): it starts from good ImageNet features and should move gently, while the new head starts
from random. Its BatchNorm layers are in training mode (batch statistics), stages 1–3 stay frozen in eval mode.

A smaller crop (160 or 128) makes every pass cheaper — about $(224/160)^2 \\approx 2$× and $(224/128)^2 \\approx 3$×
fewer multiply-adds — but the network was trained at 224, so its features at other sizes are somewhat worse.`,
        },
      ],
    },
    {
      title: 'Where the real weights come from',
      cells: [
        {
          kind: 'text',
          md: `The backbone is only as good as its weights. With the random initialisation the page starts from, the
512 numbers are noise and the head learns little. The real ones are Microsoft's ImageNet-trained
[microsoft/resnet-18](https://huggingface.co/microsoft/resnet-18): \`config.json\` (about 70 KB, it holds the 1,000
class names), \`preprocessor_config.json\` (under 1 KB) and \`model.safetensors\` (about 46.8 MB). Download them
once on any machine and drop the three files on the weights panel above (or on Run it); the browser keeps them.

The export is torchvision-named, so \`torchvision.models.resnet18(num_classes=K)\` loads it strictly; the Python
lines next to the download button do exactly that and classify a photo with the same preprocessing.`,
        },
      ],
    },
    recapStep([
      'A frozen backbone gives the same output for a picture every time (BatchNorm on its running statistics), so it runs once per picture and a new head trains on the kept 512 numbers in milliseconds per epoch.',
      'Unfreezing stage 4 means keeping stage-3 activations instead (about 98× the memory at 224×224) and running stage 4 forward and backward every epoch, at a smaller learning rate than the new head.',
      'The export uses torchvision\'s names, so `torchvision.models.resnet18(num_classes=K)` loads it as it is.',
    ], [
      { q: 'You teach it 6 classes with the backbone frozen. How many numbers does training change?', a: 'Only the new head: a $512 \\times 6$ weight matrix and 6 biases, $3{,}072 + 6 = 3{,}078$ numbers — out of about 11.2 M in the whole network.' },
      { q: 'At a 160×160 crop, how many floats per picture does "unfreeze stage 4" keep?', a: 'Stage 3 is 16× smaller than the crop on each side: $10 \\times 10 \\times 256 = 25{,}600$ floats (100 KB) per picture.' },
      { q: 'Why must the frozen layers run with BatchNorm in eval mode for the kept outputs to be right?', a: 'In training mode BatchNorm normalises with the statistics of the current batch, so a picture\'s output would depend on which pictures share its batch (and the running statistics would drift); a kept copy would then differ from a fresh pass.' },
    ]),
  ],
};

export default teachIt;
