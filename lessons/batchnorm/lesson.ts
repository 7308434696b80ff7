import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import { BnLesson } from './BnLesson.svelte';
import { BN_DEMO, BN_EPS, BN_KEEP } from './bnLesson';
import BnBatch from './BnBatch.svelte';
import BnWorked from './BnWorked.svelte';
import BnModes from './BnModes.svelte';

/** Lesson 3: batch normalisation step by step, training vs evaluation mode, and ReLU. */
const state = new BnLesson();
const D = BN_DEMO;

const lesson: Lesson = {
  id: 'batchnorm',
  title: 'Batch norm and ReLU',
  steps: [
    {
      title: 'A batch of feature maps',
      cells: [
        {
          kind: 'text',
          md: `Every convolution in ResNet-18 is followed by **[[batch norm|batch normalisation]]** (BN). A convolution's output
channels live on unrelated scales — one channel's values may sit well above zero, another's below zero with a
tiny spread — and they drift as the weights learn. BN rescales each channel of a **[[batch]]** to mean 0 and variance 1,
then lets the network choose a scale $\\gamma$ and a shift $\\beta$ of its own.

Here is a batch of ${D.n} feature maps of ${D.size}×${D.size} pixels with ${D.means.length} channels (made up, seeded,
on deliberately different scales). BN treats each **channel** separately and pools over everything else: all
${D.n} images and all ${D.size * D.size} positions, $m = N \\cdot H \\cdot W$ values per channel:
$$\\mu_c = \\frac{1}{m}\\sum_{n,h,w} x_{nhwc}, \\qquad \\sigma_c^2 = \\frac{1}{m}\\sum_{n,h,w} (x_{nhwc} - \\mu_c)^2.$$`,
        },
        {
          kind: 'figure',
          component: BnBatch,
          props: { lesson: state },
          alt: `For each of the ${D.means.length} channels, the same channel of all ${D.n} images side by side with its colour scale, then a table of each channel's batch mean, biased batch variance and square root of variance plus epsilon.`,
        },
      ],
    },
    {
      title: 'Normalise, scale, shift — and ReLU',
      cells: [
        {
          kind: 'text',
          md: `With the channel's statistics, each value goes through three steps, and in ResNet then a [[ReLU]]:
$$\\hat x = \\frac{x - \\mu_c}{\\sqrt{\\sigma_c^2 + \\varepsilon}}, \\qquad y = \\gamma_c\\,\\hat x + \\beta_c, \\qquad
\\mathrm{ReLU}(y) = \\max(0, y).$$
$\\varepsilon = ${BN_EPS}$ (PyTorch's default) only guards against dividing by zero. $\\gamma$ and $\\beta$ are learned
per channel; PyTorch starts them at 1 and 0, so a fresh BN layer outputs exactly $\\hat x$. The table follows one
value per channel through every step; change $\\gamma$ and $\\beta$ and watch $y$ and the ReLU move. With
$\\beta = 0$ and $\\gamma > 0$ the ReLU zeroes exactly the values below their channel's mean (with $\\gamma < 0$,
those above it, and with $\\gamma = 0$ all of them); a negative $\\beta$ zeroes more, a positive one fewer.`,
        },
        {
          kind: 'figure',
          component: BnWorked,
          props: { lesson: state },
          alt: 'A table with one row per channel: editable gamma and beta, then one input value x, x minus the mean, the normalised value, gamma times it plus beta, and the ReLU. Below, the first image drawn at each stage: input, normalised, scaled and shifted, rectified, each with its colour scale.',
        },
      ],
    },
    {
      title: 'Training mode and evaluation mode',
      cells: [
        {
          kind: 'text',
          md: `Batch statistics need a batch. When the trained network classifies **one** photo, there is no batch to
average over — and its answer should not depend on which other photos happen to be processed with it. So BN
keeps **[[running statistics]]** per channel, and has two modes:

- **training mode**: normalise with the batch's $\\mu$ and $\\sigma^2$, and update the running estimates
  $\\hat\\mu \\leftarrow ${BN_KEEP}\\,\\hat\\mu + ${(1 - BN_KEEP).toFixed(1)}\\,\\mu$ and
  $\\hat\\sigma^2 \\leftarrow ${BN_KEEP}\\,\\hat\\sigma^2 + ${(1 - BN_KEEP).toFixed(1)}\\,\\sigma^2 \\tfrac{m}{m-1}$ — PyTorch's
  "[[momentum]] 0.1" means *keep 0.9*, and the running variance is fed the **unbiased** batch variance while the
  batch itself is normalised with the biased one;
- **evaluation mode**: normalise with the running $\\hat\\mu$, $\\hat\\sigma^2$; nothing is updated, and each image is
  treated on its own.

PyTorch starts the running statistics at $\\hat\\mu = 0$, $\\hat\\sigma^2 = 1$. After $k$ training steps on batches like
this one, the running mean has moved $1 - 0.9^k$ of the way to the batch mean: 41 % after 5 steps, 90 % after 22.
(Keras and tfjs layers count momentum the other way round: theirs is the fraction of the running value
**kept**, $\\hat\\mu \\leftarrow m\\,\\hat\\mu + (1 - m)\\,\\mu$. Their default $m = 0.99$ is PyTorch's momentum 0.01, and
PyTorch's 0.1 is their 0.9; their default $\\varepsilon$ is $10^{-3}$. A model moved between frameworks must carry
$\\varepsilon$ and the converted momentum along.)`,
        },
        {
          kind: 'figure',
          component: BnModes,
          props: {
            lesson: state,
            labels: {
              train: 'training mode (batch statistics)',
              evalFresh: 'evaluation mode, running statistics never updated',
              evalWarm: 'evaluation mode after {k} training steps',
              alone: 'Largest change in image 1’s output when it is normalised alone instead of in the batch —',
            },
          },
          alt: 'A slider for the number of training steps, and a table of the per-channel mean and standard deviation of the BN output in training mode, in evaluation mode with untouched running statistics, and in evaluation mode after that many steps; then the running statistics, and how much image 1’s output changes when it is processed alone, in each mode.',
        },
        {
          kind: 'text',
          md: `Read the table as a list of classic bugs:

- **Evaluation mode with running statistics that were never trained** (a freshly built model, or weights loaded
  without their \`running_mean\`/\`running_var\`): BN divides by $\\sqrt{1 + \\varepsilon}$ and subtracts 0, so the
  channels keep their raw scales — nothing is normalised, and every later layer sees inputs it was never trained on.
- **Training mode at inference**, or a **batch of one** in training mode: the image is normalised with its own
  statistics, so its output depends on what else is in the batch (the "alone" line above) — and a channel that is flat
  across a single image becomes all $\\beta$, whatever its value was. Set the slider to 0 and to 60 and compare the rows.
- The fix in PyTorch is \`model.eval()\` before inference (and \`model.train()\` before training again); this
  notebook's ResNet-18 takes \`training: true | false\` in every forward pass for the same reason.

The same in PyTorch, for one BN layer on a batch \`x\` of shape $[N, C, H, W]$:

\`\`\`python
bn = torch.nn.BatchNorm2d(64)  # momentum=0.1, eps=1e-5; running_mean = 0, running_var = 1; gamma = 1, beta = 0
bn.train()
y = bn(x)   # normalised with x's own per-channel mean and (biased) variance;
            # running_mean <- 0.9 * running_mean + 0.1 * batch mean (running_var gets the unbiased variance)
bn.eval()
y = bn(x)   # normalised with running_mean and running_var; nothing is updated
\`\`\``,
        },
      ],
    },
    recapStep([
      '[[Batch norm]] treats each channel on its own: it averages over all $N\\cdot H\\cdot W$ values of the channel in the [[batch]], normalises to mean 0 and variance 1 ($\\varepsilon = 10^{-5}$ guards the division), then scales by $\\gamma$ and shifts by $\\beta$.',
      'In training mode it uses the batch\'s statistics and updates the [[running statistics]] (PyTorch keeps 0.9 of the old value: its "momentum 0.1"; Keras and tfjs count the other way, their 0.99 is PyTorch\'s 0.01). In evaluation mode it uses the running statistics, so each image is treated on its own.',
      'A [[ReLU]] after BN with $\\beta = 0$ and $\\gamma > 0$ zeroes the values below their channel\'s mean.',
    ], [
      { q: 'A batch of 8 feature maps of 14×14 with 64 channels goes through BN. Over how many values is each channel\'s mean taken, and how many means are there?', a: '$8\\cdot 14\\cdot 14 = 1{,}568$ values per mean, and 64 means, one per channel.' },
      { q: 'PyTorch starts a running mean at 0 and uses momentum 0.1. After 5 training steps on batches whose mean is always $\\mu$, how far has the running mean moved towards $\\mu$?', a: '$1 - 0.9^5 \\approx 0.41$ of the way: 41 %, as the mode table shows for 5 steps.' },
      { q: 'Why call `model.eval()` before classifying one photo?', a: 'In training mode BN normalises the photo with the statistics of its own batch, so the answer depends on which other photos are in the batch (and a batch of one flattens every channel that is constant over the photo to $\\beta$). Evaluation mode uses the running statistics, the same for every photo.' },
    ]),
  ],
};

export default lesson;
