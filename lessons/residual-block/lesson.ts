import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import BlockDiagram from './BlockDiagram.svelte';
import { ResidualBlockLesson } from './ResidualBlockLesson.svelte';
import { BLOCK_LESSON } from './blockLesson';
import BlockTrace from './BlockTrace.svelte';
import GradientFlow from './GradientFlow.svelte';
import ShortcutCounts from './ShortcutCounts.svelte';

/** Lesson 4: one basic block computed live on a photo's feature maps; shortcuts; the gradient through the sum. */
const state = new ResidualBlockLesson();
const C = BLOCK_LESSON.stemChannels;

const stageTitles = (shortcut: string) => ({
  x: 'x — the block input (stem output)',
  conv1: 'conv₁ (3×3)',
  bn1: 'BN₁',
  relu1: 'ReLU',
  conv2: 'conv₂ (3×3)',
  f: 'F(x) = BN₂(conv₂(…))',
  shortcut,
  sum: 'F(x) + shortcut',
  out: 'out = ReLU(F(x) + shortcut)',
});

const lesson: Lesson = {
  id: 'residual-block',
  title: 'The residual block',
  steps: [
    {
      title: 'H(x) = F(x) + x',
      cells: [
        {
          kind: 'text',
          md: `A **basic block** — the unit ResNet-18 is built from, eight times over — computes

$$F(x) = \\mathrm{BN}_2\\big(\\mathrm{conv}_2(\\mathrm{ReLU}(\\mathrm{BN}_1(\\mathrm{conv}_1(x))))\\big), \\qquad
\\text{out} = \\mathrm{ReLU}\\big(F(x) + x\\big).$$

Both convolutions are 3×3 with padding 1 and no bias (the BN that follows has its own shift $\\beta$). The
layers inside learn $F$, the **[[residual]]**: what has to be *added* to $x$, rather than the whole mapping
$H(x) = F(x) + x$. The sum is element by element, so $F(x)$ must have exactly the shape of $x$ — the
next steps show what happens when it does not. Note where the last [[ReLU]] sits: **after** the sum.

ResNet-18 has **two** basic blocks per stage and four stages (2-2-2-2). Tables that circulate online sometimes
list four per stage; that is not ResNet-18.`,
        },
        {
          kind: 'figure',
          component: BlockDiagram,
          alt: 'Diagram of a basic block. The input x goes down the main path: 3×3 convolution, batch norm, ReLU, 3×3 convolution, batch norm; that path computes F(x). A shortcut carries x around it, unchanged, to a sum node where F(x) + x is formed, and a ReLU after the sum gives the output. On the shortcut a dashed box marks the projection used where a block halves the size and doubles the channels: a 1×1 convolution with stride 2, then batch norm.',
          caption: 'The basic block. The shortcut carries x itself; the dashed projection replaces it only in the first block of stages 2, 3 and 4, where the shape changes.',
        },
      ],
    },
    {
      title: 'A block on a real photo',
      cells: [
        {
          kind: 'text',
          md: `Below, a photo (longer side 224 px, like ResNet's 224×224 input) goes through a ResNet **stem** — 7×7 convolution with stride 2,
BN, ReLU, 3×3 max-pool with stride 2 — giving ${C} [[feature map|feature maps]] about a quarter of the photo's height and width (a sixteenth of its pixels): that is $x$.
Then one identity block runs on it, and every intermediate is drawn (first 4 of ${C} channels; blue
negative, white zero, red positive; one colour scale per row).

The weights are **seeded random** (He initialisation, like an untrained network), not trained ones — the
maps still respond to edges and colour regions, because the photo has them. BN here normalises with this
photo's own statistics. The real ResNet-18 uses 64 channels in its first stage; ${C} keep the page light.
Watch **F(x)**: after BN₂ (with its initial $\\gamma = 1$, $\\beta = 0$) every channel averages to zero, and the sum
adds this correction to $x$.`,
        },
        {
          kind: 'figure',
          component: BlockTrace,
          props: { lesson: state, kind: 'identity', titles: stageTitles('shortcut = x (identity)') },
          alt: `Nine rows of feature maps computed from the chosen photo: the block input x (stem output, ${C} channels), conv1, BN1, ReLU, conv2, F(x), the identity shortcut (x again), the sum F(x) + x and the output after ReLU. Shapes are printed above each row.`,
        },
      ],
    },
    {
      title: 'When the shape changes: projection shortcuts',
      cells: [
        {
          kind: 'text',
          md: `The first block of stages 2, 3 and 4 **halves** the height and width (its conv₁ has stride 2) and
**doubles** the channels. Then $F(x)$ no longer has the shape of $x$, and $x$ cannot be added as it is. torchvision's
ResNet-18, the one this notebook builds, uses a **[[projection shortcut]]** (He et al.'s option B): a 1×1 convolution with stride 2 that maps
$C_\\text{in}$ channels to $C_\\text{out}$, followed by its own BN,
$$\\text{out} = \\mathrm{ReLU}\\big(F(x) + \\mathrm{BN}_s(W_s * x)\\big).$$
It costs $C_\\text{in} C_\\text{out}$ weights plus $2 C_\\text{out}$ BN parameters. Every other block keeps the free
identity shortcut. (He et al. compared three choices on ImageNet, in their Table 3: A, an identity whose extra
channels are zeros, with no parameters at all; B, projections only where the shape changes; C, projections on
every block. B was slightly better than A and C slightly better than B. Their ResNet-18 and -34 of Table 2 and
Fig. 4 use A, as do all their CIFAR networks; B is torchvision's choice.)

Here the same stem output goes through a block with stride 2 and ${C} → ${2 * C} channels:`,
        },
        {
          kind: 'figure',
          component: BlockTrace,
          props: { lesson: state, kind: 'projection', titles: stageTitles('shortcut = BNₛ(1×1 conv, stride 2)(x)') },
          alt: `Nine rows of feature maps for a downsampling block: input x, conv1 with stride 2 (half the size, ${2 * C} channels), BN1, ReLU, conv2, F(x), the projection shortcut (1×1 convolution with stride 2 and BN, same shape as F(x)), their sum, and the output.`,
        },
        {
          kind: 'text',
          md: `What the shortcuts cost in the real ResNet-18 (each first block plus the stage's identity block adds up to
that stage's total in the architecture lesson):`,
        },
        {
          kind: 'figure',
          component: ShortcutCounts,
          props: {
            rows: [
              { stage: 'stage 1', cin: 64, cout: 64, projection: false },
              { stage: 'stage 2', cin: 64, cout: 128, projection: true },
              { stage: 'stage 3', cin: 128, cout: 256, projection: true },
              { stage: 'stage 4', cin: 256, cout: 512, projection: true },
            ],
          },
          alt: 'Table of parameter counts for the first block of each ResNet-18 stage: the two conv+BN layers, the shortcut (zero for identity, in·out + 2·out for a projection) and the block total.',
        },
        {
          kind: 'text',
          md: `In stage 2 the projection is $64 \\cdot 128 + 2 \\cdot 128 = 8{,}448$ of the block's 230,144 parameters —
small next to the two 3×3 convolutions.`,
        },
      ],
    },
    {
      title: 'The gradient through the sum',
      cells: [
        {
          kind: 'text',
          md: `Training sends a [[gradient]] $u = \\partial L / \\partial H$ back into the block's output (before the final
ReLU). By the chain rule, with $H(x) = F(x) + x$,
$$\\frac{\\partial L}{\\partial x} = \\Big(\\frac{\\partial F}{\\partial x}\\Big)^{\\!\\top} u + u
\\qquad\\text{because}\\qquad \\frac{\\partial H}{\\partial x} = \\frac{\\partial F}{\\partial x} + I.$$
Whatever $F$ does to the gradient, the shortcut delivers $u$ itself, unchanged. This figure does not take that on
trust: it draws a random upstream gradient $u$ (seeded), then asks TensorFlow.js (\`tf.grad\`) for the gradient
of $\\langle u, F(x)\\rangle$ and of $\\langle u, F(x) + x\\rangle$ with respect to $x$, and subtracts them.

In PyTorch terms, with \`layers\` the block's conv-BN-ReLU-conv-BN and \`u\` the gradient arriving from above:

\`\`\`python
x = x.detach().requires_grad_()
h = layers(x) + x   # H(x) = F(x) + x, before the last ReLU
h.backward(u)       # x.grad = (what flows back through layers) + u
\`\`\``,
        },
        {
          kind: 'figure',
          component: GradientFlow,
          props: {
            lesson: state,
            titles: {
              u: 'u — upstream gradient ∂L/∂H (random, seeded)',
              throughBranch: '∂⟨u, F(x)⟩/∂x — through the layers only',
              throughBlock: '∂⟨u, F(x) + x⟩/∂x — through the whole block',
              viaShortcut: 'difference of the two rows above',
            },
            errorLabel: 'Largest |difference − u| over all values (float32 rounding):',
          },
          alt: 'Four rows of maps on one colour scale: the upstream gradient u; the gradient through the residual branch only; the gradient through the whole block; and their difference, which looks exactly like u. The largest absolute difference between the last row and u is printed below.',
        },
        {
          kind: 'text',
          md: `The last row is $u$ again: that is the "$+\\,I$". Stack many blocks and the gradient reaching an early block
is $u$ plus correction terms. Within a stage the [[shortcut|shortcuts]] form a path with no multiplications by weights at all
(only the ReLU after each sum can gate it). Across the whole network there is no such path: every way back from
the loss starts through the fc layer, and at each of the three stage changes it must cross weights — the 1×1
projection shortcut or the block's own convolutions. The next lesson shows what
that does to training.`,
        },
      ],
    },
    recapStep([
      'A basic block computes $\\text{out} = \\mathrm{ReLU}\\big(F(x) + x\\big)$ with $F(x) = \\mathrm{BN}_2(\\mathrm{conv}_2(\\mathrm{ReLU}(\\mathrm{BN}_1(\\mathrm{conv}_1(x)))))$: the layers learn the [[residual]], and the last ReLU comes after the sum.',
      'Where a block halves the size and doubles the channels, torchvision\'s ResNet-18 uses a [[projection shortcut]]: a 1×1 convolution with stride 2 and its own BN, $C_\\text{in} C_\\text{out} + 2C_\\text{out}$ parameters.',
      'Backwards, the sum hands the upstream [[gradient]] $u$ to $x$ unchanged, plus whatever comes through $F$: $\\partial L/\\partial x = (\\partial F/\\partial x)^\\top u + u$.',
    ], [
      { q: 'How many parameters has the projection shortcut of stage 3\'s first block, which goes from 128 to 256 channels?', a: '$128\\cdot 256 + 2\\cdot 256 = 33{,}280$: the 1×1 convolution\'s weights plus BN\'s $\\gamma$ and $\\beta$ per output channel.' },
      { q: 'Is the last ReLU of a basic block applied to $F(x)$ before the sum, or after it?', a: 'After it: $\\text{out} = \\mathrm{ReLU}(F(x) + x)$. (So $F(x)$ itself can be negative, and the block can lower values of $x$ as well as raise them.)' },
      { q: 'In the gradient figure, the gradient through the layers only is subtracted from the gradient through the whole block. What is left, and why?', a: 'The upstream gradient $u$ itself, up to float32 rounding: the derivative of $F(x) + x$ is $\\partial F/\\partial x + I$, and the $I$ passes $u$ through unchanged.' },
    ]),
  ],
};

export default lesson;
