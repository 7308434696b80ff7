import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import PoolStepper from './PoolStepper.svelte';
import PoolFeatureMap from './PoolFeatureMap.svelte';
import ResNetPooling from './ResNetPooling.svelte';
import DownsampleCompare from './DownsampleCompare.svelte';
import { PRESET_LABELS } from '../convolution/lesson';

/** A 6×6 grid with a few strong values, so the max-pool winners are easy to spot. */
const GRID_6x6 = [
  [1, 3, 2, 0, 4, 1],
  [5, 2, 1, 3, 2, 6],
  [0, 1, 7, 2, 1, 0],
  [2, 4, 3, 1, 8, 2],
  [6, 1, 0, 2, 3, 1],
  [1, 2, 5, 4, 0, 3],
];

/** Lesson 2: max and average pooling, downsampling, global average pooling. */
const pooling: Lesson = {
  id: 'pooling',
  title: 'Pooling',
  steps: [
    {
      title: 'Max and average pooling',
      cells: [
        {
          kind: 'text',
          md: `**Pooling** slides a window over a [[feature map]] just like a convolution, but it has **no
weights**. Each window is summarised by one number:

- **max pooling** keeps the largest value in the window;
- **average pooling** keeps the mean.

Pooling works on every channel separately, so a 64-channel map stays 64 channels; only height and width
shrink. The output size follows the convolution formula (without padding or dilation here):
$o = \\lfloor (n - k)/s \\rfloor + 1$. The usual choice, a 2×2 window with [[stride]] 2, halves each side and keeps a
quarter of the values.

Step through the windows below (**Next**, **Play**, or **←** / **→** with the buttons focused) and switch
between max and average.`,
        },
        {
          kind: 'figure',
          component: PoolStepper,
          props: { input: GRID_6x6 },
          alt: 'A 6×6 grid of numbers with the current pooling window outlined and, for max pooling, the winning cell ringed; the pooled output grid fills in one cell per step, with the max or mean written out.',
        },
        {
          kind: 'text',
          md: `The ring marks the cell that **won** each max. It matters for training: the derivative of a max
with respect to its inputs is 1 for the winner and 0 for the others, so during [[backpropagation|back-propagation]] the whole
[[gradient]] of an output cell flows back to that one input cell and the rest of the window gets nothing.
Average pooling instead shares the gradient equally: each of the $k^2$ cells receives $1/k^2$ of it.

With a 3×3 window and stride 2 the windows **overlap** (each shares a row or column with its neighbour) —
that is the max-pool ResNet-18 uses.`,
        },
      ],
    },
    {
      title: 'Pooling a real feature map',
      cells: [
        {
          kind: 'text',
          md: `Here is a real feature map: the **Sobel x** output of the cat photo from the convolution lesson
(red where the picture gets brighter to the right, blue where it gets darker). Pool it with 2×2 windows,
once, twice or three times; all three maps share one colour scale.`,
        },
        {
          kind: 'figure',
          component: PoolFeatureMap,
          props: { url: './samples/chelsea.png' },
          alt: 'The Sobel x map of a cat photo, and the same map after 2×2 max pooling and after 2×2 average pooling, one to three times, on a shared blue-white-red scale.',
        },
        {
          kind: 'text',
          md: `What is **kept** and what is **lost**:

- **Max pooling** keeps the strongest *positive* response in each window, so edges stay bright even as
  the map shrinks — the feature is still *there*, just located less precisely (which of the four cells it
  came from is forgotten). Negative responses survive only where a whole window is negative, so the map
  turns mostly red: max pooling is not symmetric around zero. In a real network the pool comes after a
  ReLU, where every value is already ≥ 0.
- **Average pooling** keeps the overall level but blurs: a thin edge is spread over its window and
  weakened, and a positive and a negative response in the same window cancel out.
- Both throw away three quarters of the values per 2×2/2 pooling. After three rounds an edge map of a
  whole cat is a few dozen pixels wide.`,
        },
      ],
    },
    {
      title: 'Pooling in ResNet-18',
      cells: [
        {
          kind: 'text',
          md: `ResNet-18 pools twice.

**After the stem**, a max-pool with a 3×3 window, stride 2 and padding 1 takes the 112×112×64 stem output
to 56×56×64: $\\lfloor (112 + 2 - 3)/2 \\rfloor + 1 = 55 + 1 = 56$. Its padding never wins a max (PyTorch pads
with $-\\infty$; tfjs simply skips the padded cells — the same result).

**At the end**, a **[[global average pooling|global average pool]]** averages each of the 512 channels of stage 4's 7×7×512 output
over all 49 positions: one number per channel, a vector of 512 numbers that the final fully connected layer
turns into 1,000 class scores ([[logit|logits]]) ($512\\cdot 1000 + 1000 = 513{,}000$ parameters). Because it averages whatever
size it is given, the same network also runs on pictures larger than 224×224.

Below, tfjs runs both on tensors of the real shapes. The stem's weights are random (untrained, drawn like
torchvision's initialisation) and its batch norm is left out, so the maps show texture rather than
meaning; the 7×7×512 tensor is a stand-in of whole numbers — the **Run it** lesson shows the real
activations of a trained network.`,
        },
        {
          kind: 'figure',
          component: ResNetPooling,
          props: { url: './samples/chelsea.png' },
          alt: 'A table of tensor shapes: a 224×224×3 picture, the 112×112×64 stem output, the 56×56×64 max-pooled map, a 7×7×512 stage-4 stand-in and its 512-value global average; heatmaps of one channel before and after the max-pool, and one 7×7 channel with its average.',
        },
      ],
    },
    {
      title: 'Stride-2 convolution vs max-pool',
      cells: [
        {
          kind: 'text',
          md: `There are two common ways to halve a feature map, and ResNet-18 uses both:

- a **convolution with stride 2** — it has weights, so the network *learns* how to summarise each
  neighbourhood (and it can change the number of channels at the same time);
- a **max-pool with stride 2** — no weights, a fixed rule: keep the strongest response.

ResNet-18 halves the size five times between 224 and 7: the 7×7 stem convolution (stride 2), the max-pool
right after it, and the first 3×3 convolution of stages 2, 3 and 4 (stride 2; the 1×1 projection
convolutions on those blocks' shortcuts use stride 2 as well, so both paths of the sum have the same shape).
Below, the same grey picture is halved both ways: a 3×3 stride-2 convolution with a kernel you choose, and
a 3×3 stride-2 max-pool. Both use padding 1 and give the same output size.`,
        },
        {
          kind: 'figure',
          component: DownsampleCompare,
          props: { url: './samples/coffee.png', presetLabels: PRESET_LABELS },
          alt: 'A grey photo, the same photo halved by a 3×3 stride-2 convolution with a chosen kernel, and halved by a 3×3 stride-2 max-pool.',
        },
        {
          kind: 'text',
          md: `With a blur kernel the stride-2 convolution looks like a smooth, smaller copy; with Sobel it
halves *and* detects edges in one step; the max-pool makes bright details grow thicker. A trained network
picks its own kernels — which is why some later designs (the "all-convolutional net", ConvNeXt) drop
max-pooling and downsample with strided convolutions alone.`,
        },
      ],
    },
    recapStep([
      '[[Pooling]] summarises each window of a [[feature map]] by its maximum or its mean. It has no weights and works on every channel separately; the output size is $o = \\lfloor (n + 2p - k)/s \\rfloor + 1$.',
      'Max pooling sends an output\'s whole [[gradient]] back to the window\'s winner; average pooling gives each of the $k^2$ cells $1/k^2$ of it.',
      'ResNet-18 max-pools once after the stem (3×3, stride 2, padding 1: 112 → 56) and ends with a [[global average pooling|global average pool]] of its 7×7×512 maps into 512 numbers.',
    ], [
      { q: 'A 2×2 max-pool with stride 2 runs over the 6×6 grid of the first step. How big is the output, and how many weights does the pool learn?', a: '3×3 ($\\lfloor (6 - 2)/2 \\rfloor + 1 = 3$), and none: pooling has no weights.' },
      { q: 'In a 2×2 average pool, what share of an output cell\'s gradient reaches each of its four input cells? And in a 2×2 max pool?', a: 'A quarter each for the average. For the max, the winning cell gets all of it and the other three get nothing.' },
      { q: 'How many parameters has the fully connected layer after the global average pool, for ImageNet\'s 1,000 classes?', a: '$512\\cdot 1000 + 1000 = 513{,}000$: 512 inputs (one per channel of stage 4) times 1,000 classes, plus 1,000 biases.' },
    ]),
  ],
};

export default pooling;
