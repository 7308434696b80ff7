import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import { backend } from '../../src/lib/state/Backend.svelte';
import { studioRun as run } from './studio';
import DatasetPanel from './DatasetPanel.svelte';
import RecipePanel from './RecipePanel.svelte';
import TrainStudio from './TrainStudio.svelte';
import ResultsPanel from './ResultsPanel.svelte';


const whys = {
  width: 'Width 1/8 (8 channels in stage 1), the default, fits the most training steps into a short browser run; width 1 is the real CIFAR ResNet-18 (11.2 M parameters) and needs a GPU and patience.',
  optimizer: 'SGD with Nesterov momentum 0.9 (the default) and weight decay 5e-4 is the standard CIFAR optimiser; under the one-cycle schedule it learns the built-in set to over 90 % in about 30 epochs. Adam is forgiving of its learning rate but learnt the built-in set more slowly here (49.5 % after 10 epochs). Both get weight decay 5e-4 as L2 added to the gradient (g + 5e-4·w), as torch.optim.SGD and torch.optim.Adam do with weight_decay; for Adam that is not AdamW\'s decoupled decay.',
  lr: 'The peak of the schedule: 0.2 for SGD at batch 64 (the default; fast CIFAR recipes use 0.2–0.4 at batch 128–512), about 0.001 for Adam.',
  schedule: 'One-cycle (the default): the rate rises from lr/25 to lr over the warm-up epochs, then falls along a cosine to nearly zero; the large middle steps move fast, the tiny last ones settle the weights into a minimum. The classic alternative is a short linear warm-up, then cosine to zero.',
  batch: 'Small batches give more updates per epoch; BatchNorm needs at least 8 or so images per batch for stable statistics.',
  epochs: 'One epoch = as many images as the training split holds (on the built-in set a fresh draw every epoch, so no image is seen twice). The schedule spans all epochs, so changing this stretches the curve.',
  smoothing: 'Label smoothing ε (e.g. 0.1) replaces the target 1 for the true class by (1 − ε) + ε/C — 0.91 with 10 classes — and 0 for the others by ε/C = 0.01, a mild regulariser; 0 = plain cross-entropy.',
  patience: 'Stop when the validation loss has not improved for this many epochs: the network has stopped getting better on images it does not train on. Because the validation set decides when to stop, it is no longer an independent judge of the stopped network.',
  finetune: 'Fine-tuning starts from weights another training run learned (e.g. torchvision\'s ImageNet ResNet-18, or one you exported here) instead of random ones: the early layers already detect edges and textures, so far fewer images and steps are needed. Use a smaller learning rate than from scratch (about 0.01 for SGD).',
  freeze: 'Only the new classifier learns: fast, and safe with very few images. The backbone\'s weights (convolutions, BatchNorm γ and β) stay exactly as loaded; BatchNorm still normalises with batch statistics and its running averages adapt to your images, as PyTorch does in train mode with frozen parameters.',
  scaled: 'Every layer learns, the backbone at this fraction of the learning rate (0.1 is usual): the pretrained features adapt gently to your images instead of being overwritten by the large early updates of a random classifier.',
  augment: 'Crops and flips show the network the same object shifted and mirrored, so it cannot memorise pixel positions; the crop fills its border by mirroring the image (reflect padding). Rotation and colour jitter add more variety and slow training down.',
} as const;

const trainIt: Lesson = {
  id: 'train-it',
  title: 'Train it',
  steps: [
    {
      title: 'A dataset you can make in a second',
      cells: [
        {
          kind: 'text',
          md: `Training needs labelled images. The built-in set is drawn by code, with a seed: ten classes of 32×32
pictures — five **shapes** (disc, square, triangle, plus, ring) and five **textures** (horizontal stripes, vertical
stripes, checks, diagonals, dots). Colours, size, position, rotation and the period of each texture are random,
and every pixel gets noise, so the class is carried only by *form*: a network cannot cheat by looking at the
colour or one fixed spot.

A fifth of each class is held back as the **[[validation set]]**. The network never trains on it, so its accuracy
there says how well it does on images it has not learned from — but only as long as it decides nothing. Once it
picks when training stops (early stopping), or you change settings because of its score, it has been used to
choose, and a score used to choose tends to flatter what it chose. So another tenth of each class is set aside as
the **[[test set]]**: it takes part in no choice, the studio never shows it during training, and it is scored exactly
once, when the run ends by itself (all its epochs done, or stopped early) — that score is the honest estimate. (CIFAR-10's files, and a folder with \`train/\` and
\`test/\` sub-folders, bring their own test images; then the validation fifth comes out of the training images.)
You can also drop your own folder (one sub-folder per
class) or the official CIFAR-10 binary files, or capture frames from your webcam, a few per class; anything that is not a usable image is listed, with the reason,
and skipped.`,
        },
        { kind: 'figure', component: DatasetPanel, props: { run },
          alt: 'Dataset controls: build the synthetic set, drop your own files, or capture webcam frames per class; a table of images per class for training and validation; a grid of sample images, three per class; a list of skipped files with reasons.' },
      ],
    },
    {
      title: 'The recipe',
      cells: [
        {
          kind: 'text',
          md: `The network is the **CIFAR variant** of ResNet-18: a 3×3 stride-1 stem and no max-pool, because a 32×32
image has no pixels to spare (the ImageNet stem would shrink it to 8×8 before the first block). The usual recipe
for it (kuangliu/pytorch-cifar) is SGD with momentum 0.9, weight decay $5\\times10^{-4}$, learning rate 0.1
annealed by a cosine over 200 epochs, random crops with 4 pixels of [[padding]] and horizontal flips ([[augmentation]]) — about 93–95 %
on CIFAR-10. (He et al.'s own CIFAR experiments trained thinner networks — 20 to 110 layers of 16, 32 and 64
channels — with weight decay $10^{-4}$ and learning rate 0.1 divided by 10 at 32k and 48k iterations, stopping
at 64k.) Here the defaults learn the built-in set to over 90 % in about two minutes, with the tricks of the fast
CIFAR recipes (Page's DAWNBench ResNet, Keller Jordan's airbench): an eighth-width network, batch 64, SGD with
Nesterov momentum under a **one-cycle** schedule, label smoothing 0.1, and a fresh draw of the built-in images every
epoch, so no image is seen twice and nothing can be memorised. The crop pads by mirroring the image instead of with
black: with random colours, black frames that no validation image has shifted BatchNorm's running statistics, the
shift compounded through 20 BatchNorm layers, and in eval mode the predictions collapsed to chance (validation loss
6 while the training loss was 2). The preset **CIFAR-10 quick** applies the same tricks to real photographs: all
50,000 CIFAR-10 training images, 4 epochs at batch 128, the peak rate 0.2, and flip test-time augmentation (each test
image is scored by the mean of its logits and its mirror image's, two views of one object).

One-cycle (torch's OneCycleLR) rises from $\\eta_0/25$ to the peak $\\eta_0$ over the first $W$ steps, then falls to
$\\eta_0/(25\\cdot 10^4)$ by step $T$; the classic alternative is a linear warm-up, then a cosine to zero:

$$\\eta_t^{\\text{one-cycle}} \\approx \\begin{cases} \\tfrac{\\eta_0}{25} + \\left(\\eta_0 - \\tfrac{\\eta_0}{25}\\right)\\tfrac{1}{2}\\left(1 - \\cos\\frac{\\pi t}{W}\\right) & t \\le W \\\\ \\tfrac{1}{2}\\,\\eta_0\\left(1 + \\cos\\frac{\\pi (t-W)}{T-W}\\right) & t > W \\end{cases}
\\qquad
\\eta_t^{\\text{cosine}} = \\begin{cases} \\eta_0\\,\\frac{t+1}{W} & t < W \\\\ \\tfrac{1}{2}\\,\\eta_0\\left(1 + \\cos\\frac{\\pi (t-W)}{T-W}\\right) & t \\ge W \\end{cases}$$

The chart below draws the exact curve for your settings before anything trains. The augmentation preview shows
the same images through the random transformations the network will see: each draw is different.

Instead of random initial weights you can **[[fine-tune]]**: pick a ResNet-18 weights file (torchvision's ImageNet
model, a CIFAR one, or a model you exported from this studio). Everything but the classifier is loaded; a new
classifier is made for your classes when the file's has another size.`,
        },
        { kind: 'figure', component: RecipePanel, props: { run, whys },
          alt: 'Recipe settings: optional fine-tuning from a weights file you pick (freeze the backbone, or give it a smaller learning rate); model width with parameter and multiply-add counts, optimiser, learning rate, warm-up, epochs, batch size, label smoothing, early-stopping patience; a line chart of the learning-rate schedule; augmentation toggles with a grid of augmented versions of four images.' },
      ],
    },
    {
      title: 'Train, and watch it learn',
      cells: [
        {
          kind: 'text',
          md: `Press **Start**. Training runs in a Web Worker, so this page stays responsive; the first step is slow
because the backend compiles its kernels (on WebGL, its shaders). Every step reports its loss, learning rate,
time and memory; every epoch evaluates the validation set (in eval mode: BatchNorm uses its running statistics)
and saves a checkpoint in your browser's storage. **Pause** also saves. If you reload the page, the studio offers
to resume exactly where it stopped: the batch order and every augmentation are derived from the seed, the epoch
and the step, so the resumed run computes the same losses as one never interrupted.

If the loss becomes NaN or infinite, the run stops before that step is applied and says so — usually the
[[learning rate]] is too high. The heatmap shows $\\lVert g \\rVert_2$, the gradient norm of each layer's parameters,
per step on a log scale (rows from the stem at the top to the fc layer at the bottom): in a residual network the
early layers keep receiving gradient, thanks to the shortcut paths.

The second heatmap shows the **update-to-weight ratio** $\\lVert \\Delta w \\rVert_2 / \\lVert w \\rVert_2$ of each layer per
step: how far one step moves the weights, relative to their size. A common rule of thumb is about $10^{-3}$: much
larger and training is unstable, much smaller and that layer hardly learns. It needs no extra computation — the
weights before and after the optimizer's update are compared — and it follows the learning-rate schedule: it falls as
the cosine lowers the rate. When fine-tuning with a frozen backbone, both heatmaps have a single row, head.fc: frozen
layers get neither a gradient nor an update.`,
        },
        { kind: 'figure', component: TrainStudio, props: { run, backend, gradTitle: 'Gradient norm per layer (log₁₀), over steps',
          ratioTitle: 'Update-to-weight ratio per layer (log₁₀), over steps' },
          alt: 'Training controls (start, pause, single step, stop, resume), progress and status; live line charts of training and validation loss, accuracy, learning rate and time per step; a heatmap of per-layer gradient norms over steps; a heatmap of per-layer update-to-weight ratios over steps.' },
      ],
    },
    {
      title: 'What it learned',
      cells: [
        {
          kind: 'text',
          md: `**[[Top-1]]** accuracy counts an image as right when the most probable class is the true one; **[[top-5]]** when
the true class is among the five most probable. The **confusion matrix** has one row per true class and one
column per predicted class: the diagonal is what the network got right, and a bright off-diagonal cell is a pair
it mixes up — select it to see those images. Per class, **precision** is the fraction of images predicted as that
class that really are, **recall** the fraction of that class that was found, and **F1** their harmonic mean
$2PR/(P+R)$. When the run ends by itself, the held-out **test** images are scored once. Their top-1 can differ from the
validation top-1: the validation set also picked the epoch to stop at and the settings you kept, which flatters its
score, and on a few hundred images chance alone moves either by a few points.
(A model fine-tuned from the ImageNet variant sees 32×32 images as 1×1 at stage 4, so its Grad-CAM
is a single cell and cannot point at anything: that is the cost of the ImageNet stem on small images.)

The export buttons write the trained weights with torchvision's names (a \`.safetensors\` file) or
as a TensorFlow.js graph model (\`model.json\` + \`resnet18.weights.bin\`, which \`tf.loadGraphModel\` reads; it
expects images normalised as the studio normalised them). At width 1 the file has exactly the shapes of \`torchvision.models.resnet18\`
with the CIFAR stem (a 3×3 stride-1 \`conv1\`, \`maxpool\` replaced by \`nn.Identity()\`, an \`fc\` for your
classes), which loads it; a narrower network keeps the names but has fewer channels, so torchvision's model does
not.`,
        },
        { kind: 'figure', component: ResultsPanel, props: { run },
          alt: 'Results after the latest epoch: top-1 and top-5 accuracy, validation images with predictions, a confusion matrix whose cells show the misclassified images, a per-class precision/recall/F1 table, and export buttons.' },
      ],
    },
    recapStep([
      'Training repeats: a [[batch]] of images, the [[loss]], its [[gradient]] by [[backpropagation]], an optimiser step ([[SGD]] with [[momentum]], or [[Adam]]); one pass over the training set is an [[epoch]].',
      'The [[learning rate]] follows a schedule: a short linear warm-up, then a cosine down to zero. [[Weight decay]] here is L2 added to the gradient, for Adam too (not AdamW).',
      'A score that chose something — the epoch to stop at, the settings you kept — flatters what it chose: the [[validation set]] measures progress, and only data that decided nothing gives an honest estimate.',
    ], [
      { q: 'With label smoothing $\\varepsilon = 0.1$ and 10 classes, what target does the true class get, and each other class?', a: '$(1 - 0.1) + 0.1/10 = 0.91$ for the true class and $0.1/10 = 0.01$ for each of the other nine (they add up to 1).' },
      { q: 'Halfway through the cosine part of the schedule, with $\\eta_0 = 10^{-3}$, what is the learning rate?', a: '$\\tfrac12\\,\\eta_0\\,(1 + \\cos\\tfrac{\\pi}{2}) = \\tfrac12\\,\\eta_0 = 5\\times 10^{-4}$.' },
      { q: 'Early stopping picked the epoch with the best validation loss. Is that epoch\'s validation accuracy an honest estimate of accuracy on new images?', a: 'No: the validation set chose that epoch, so its score is the best of several tries and tends to be optimistic. An honest estimate needs images that took part in no choice, scored once at the end.' },
    ]),
  ],
};

export default trainIt;
