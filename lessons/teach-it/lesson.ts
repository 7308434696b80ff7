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
(the [[global average pooling|global average pool]]). Those numbers were learnt to tell 1,000 ImageNet classes
apart, and they tell many other things apart too. To teach the network *your* classes, keep that backbone
**frozen** and train only a new last layer — a linear [[softmax]] classifier from 512 numbers to your $K$ classes.
This is the cheapest kind of [[fine-tuning]].

Frozen means the backbone gives the same 512 numbers for a picture every [[epoch]] ([[batch norm|BatchNorm]] uses
its [[running statistics]], nothing changes). So it runs **once per picture**, in a background worker, and its
outputs are kept; the head then trains on the kept numbers in a fraction of a second per epoch. A quarter of each
class's pictures is held out: the head never trains on them, and the confusion matrix counts its answers on them.`,
        },
        { kind: 'figure', component: TeachStudio, alt: 'A training panel: pick pictures per class from the webcam, a folder or a generated example set, train a new head on the pretrained ResNet-18, then see a confusion matrix, live predictions with Grad-CAM, and download the model.' },
      ],
    },
    {
      title: 'What unfreezing more costs',
      cells: [
        {
          kind: 'text',
          md: `Choosing **stage 4 + head** keeps the stage-3 activations instead of the pooled features: at 224×224
that is a $14 \\times 14 \\times 256$ block per picture, **50,176 floats (196 KB)** instead of 512 (2 KB) —
about 98× the memory (200 pictures: 40 MB instead of 0.4 MB). Stage 4 (8.4 M of the 11.7 M parameters) and the
head then train from them with \`forwardFrom('stage3', …)\`: every epoch runs stage 4 forward and backward, so
an epoch takes seconds, not milliseconds. Stage 4 learns at a tenth of the head's [[learning rate]] (**differential
learning rates**): it starts from good ImageNet features and should move gently, while the new head starts
from random. Its BatchNorm layers are in training mode (batch statistics), stages 1–3 stay frozen in eval mode.

**Every layer** is full fine-tuning: nothing is kept, each epoch runs the whole network forward and backward on
every picture ([[SGD]] with [[momentum]], the backbone at a tenth of the head's rate, BatchNorm in training mode
everywhere). It costs about three forward passes per picture per epoch, so it starts from the head trained on the
frozen features rather than from a random one. With a few dozen pictures it can also [[overfitting|overfit]]: the
held-out confusion matrix is where that shows.

A smaller crop (160 or 128) makes every pass cheaper — about $(224/160)^2 \\approx 2$× and $(224/128)^2 \\approx 3$×
fewer multiply-adds — but the network was trained at 224, so its features at other sizes may tell your classes
apart less well. **Compare the crops** measures both sides on your own pictures: it runs the frozen backbone and
trains the head at each crop, and shows the time and the held-out [[top-1]] accuracy side by side. With a few
held-out pictures per class, one picture moves the accuracy by several points, so read small gaps as a tie.`,

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
lines next to the download button do exactly that and classify a photo with the same preprocessing. For a web
page, the same model also downloads as a TensorFlow.js graph model (\`model.json\` and its weights file), which
\`tf.loadGraphModel\` reads; its input is the normalised crop at the size you trained with.`,
        },
      ],
    },
    recapStep([
      'A frozen backbone gives the same output for a picture every time (BatchNorm on its running statistics), so it runs once per picture and a new head trains on the kept 512 numbers in milliseconds per epoch.',
      'Unfreezing stage 4 means keeping stage-3 activations instead (about 98× the memory at 224×224) and running stage 4 forward and backward every epoch, at a smaller learning rate than the new head.',
      'Full fine-tuning trains every layer from the pictures, about three forward passes of work per picture per epoch, and starts best from a head already trained on the frozen features.',
      'A smaller crop cuts the multiply-adds by the square of the size ratio; how much the features lose at that size is measured on your own held-out pictures, not assumed.',
      'The export uses torchvision\'s names, so `torchvision.models.resnet18(num_classes=K)` loads it as it is; the TensorFlow.js graph model loads with `tf.loadGraphModel`.',
    ], [
      { q: 'You teach it 6 classes with the backbone frozen. How many numbers does training change?', a: 'Only the new head: a $512 \\times 6$ weight matrix and 6 biases, $3{,}072 + 6 = 3{,}078$ numbers — out of about 11.2 M in the whole network.' },
      { q: 'At a 160×160 crop, how many floats per picture does "unfreeze stage 4" keep?', a: 'Stage 3 is 16× smaller than the crop on each side: $10 \\times 10 \\times 256 = 25{,}600$ floats (100 KB) per picture.' },
      { q: 'Why must the frozen layers run with BatchNorm in eval mode for the kept outputs to be right?', a: 'In training mode BatchNorm normalises with the statistics of the current batch, so a picture\'s output would depend on which pictures share its batch (and the running statistics would drift); a kept copy would then differ from a fresh pass.' },
    ]),
  ],
};

export default teachIt;
