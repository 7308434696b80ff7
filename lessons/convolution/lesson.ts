import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import ConvStepper from './ConvStepper.svelte';
import PhotoConv from './PhotoConv.svelte';
import ConvGeometry from './ConvGeometry.svelte';
import MultiChannel from './MultiChannel.svelte';
import { presetKernel, type PresetName } from './kernelPresets';

/** A 7×7 "picture": dark on the left, bright on the right, with a little texture — a vertical edge. */
const EDGE_7x7 = [
  [1, 2, 1, 7, 8, 9, 8],
  [2, 1, 2, 8, 9, 8, 9],
  [1, 1, 1, 7, 9, 9, 8],
  [2, 2, 1, 8, 8, 9, 9],
  [1, 2, 2, 7, 9, 8, 8],
  [1, 1, 2, 8, 8, 9, 9],
  [2, 1, 1, 7, 9, 8, 8],
];

/** The sample photos in public/samples (licences in public/samples/LICENSES.md). */
export const SAMPLE_PHOTOS = [
  { url: './samples/chelsea.png', label: 'Chelsea the cat' },
  { url: './samples/coffee.png', label: 'A cup of coffee' },
  { url: './samples/astronaut.png', label: 'Astronaut Eileen Collins' },
  { url: './samples/rocket.jpg', label: 'A rocket on the launch pad' },
];

/** How the presets are named on the page. */
export const PRESET_LABELS: Record<PresetName, string> = {
  identity: 'Identity',
  boxBlur: 'Box blur',
  gaussian: 'Gaussian blur',
  sharpen: 'Sharpen',
  sobelX: 'Sobel x (vertical edges)',
  sobelY: 'Sobel y (horizontal edges)',
  laplacian: 'Laplacian',
  emboss: 'Emboss',
};

/** Lesson 1: from one multiply-add to a multi-channel convolution layer. */
const convolution: Lesson = {
  id: 'convolution',
  title: 'Convolution',
  steps: [
    {
      title: 'One multiply-add, then a sliding window',
      cells: [
        {
          kind: 'text',
          md: `A convolution layer does one small thing over and over. Lay a little grid of weights — the
**[[kernel]]** — on top of a patch of the input, multiply each input value by the weight above it, and add the
products. That sum is **one number** of the output. Then slide the kernel one cell to the right and do it
again; at the end of a row, go down one row.

For a $k\\times k$ kernel $w$, a bias $b$, [[stride]] 1 and no [[padding]], output cell $(i, j)$ is

$$y_{i,j} = b + \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} x_{i+u,\\,j+v}\\; w_{u,v}$$

Below, a 7×7 input holds a vertical edge (dark numbers on the left, bright on the right) and the 3×3
kernel is the **Sobel x** edge detector from the image-processing books. Press **Next** (or **Play**) to
slide the window: the nine products and their sum are listed with the actual numbers, and the output cell
fills in. With the buttons focused, **←** and **→** move the window and **Space** plays or pauses.`,
        },
        {
          kind: 'figure',
          component: ConvStepper,
          props: { input: EDGE_7x7, kernel: presetKernel('sobelX', 3) },
          alt: 'A 7×7 grid of numbers with a vertical edge, a 3×3 Sobel x kernel, and a 5×5 output grid that fills in one cell per step; the nine products of the current window and their sum are listed.',
        },
        {
          kind: 'text',
          md: `Where the window sits on flat numbers the products cancel and the sum is near 0; where it
straddles the edge the right column (weights $+1, +2, +1$) sees bright values and the left column
(weights $-1, -2, -1$) dark ones, so the sum is large. **Edit any weight** — the output is recomputed at
once by \`tf.conv2d\`, and the sum in the list always equals the output cell.

A 3×3 window fits $7 - 3 + 1 = 5$ times along a row of 7, so the output is 5×5: a convolution without
padding shrinks its input.

*A note on the name:* in mathematics a convolution flips the kernel before sliding it; what deep-learning
libraries (PyTorch, TensorFlow, tfjs) compute is, strictly, **cross-correlation** — no flip. The weights are
learned, so a flipped kernel is just another set of weights, and everyone calls it convolution. Open the
**Code** cell under the figure to see (and change and run) the exact tfjs call.`,
        },
      ],
    },
    {
      title: 'A kernel on a real photo',
      cells: [
        {
          kind: 'text',
          md: `The same multiply-add, now on a photo. The picture is turned into one grey channel (at most
256 pixels on its longer side) and every output pixel is the sum of 9 (or 25) products — for the
256×170 cat and a 3×3 kernel that is 391,680 multiply-adds per update, computed by \`tf.conv2d\` on
your backend. Change a preset or type a weight: the output redraws at once, and the page shows how long the
update took.

- **Identity** (a single 1 in the middle) copies the input.
- **Box blur** and **Gaussian blur** have positive weights that sum to 1: each output is a weighted
  average of its neighbourhood, so fine detail and noise are smoothed away.
- **Sharpen** adds to each pixel a multiple of how much it differs from its neighbours' average, so
  edges and fine detail stand out; its weights sum to 1, so flat areas stay as they are.
- **Sobel x / Sobel y** weights sum to 0: flat regions give 0, and the **sign** tells the direction of
  the edge (brighter to the right or left, below or above).
- **Laplacian** also sums to 0 and responds to fine detail in every direction.
- **Emboss** is a diagonal gradient plus the pixel itself: a relief lit from one corner.

Outputs can be negative, so the output uses a **diverging** colour scale: blue below zero, white at
zero, red above, symmetric around zero (the legend gives the range). You can also use your own picture or
a webcam frame; neither leaves your computer.`,
        },
        {
          kind: 'figure',
          component: PhotoConv,
          props: { samples: SAMPLE_PHOTOS, presetLabels: PRESET_LABELS, preset: 'sobelX' },
          alt: 'A photo in grey, an editable kernel with presets, and the convolved output drawn with a blue-white-red scale for negative, zero and positive values; the update time in milliseconds is shown.',
        },
      ],
    },
    {
      title: 'Stride, padding and dilation',
      cells: [
        {
          kind: 'text',
          md: `Three settings change where the window goes:

- **[[Stride]]** $s$: the window jumps $s$ cells at a time, so the output is about $s$ times smaller
  along each axis.
- **[[Padding]]** $p$: zeros added around the input (drawn dashed), so the window can also sit over the
  border. With a 3×3 kernel and $p = 1$ the output keeps the input's size.
- **[[Dilation]]** $d$: gaps between the kernel's taps; a $k\\times k$ kernel then spans $d(k-1)+1$ cells
  and sees a wider area with the same number of weights.

Together they give the output size (the same formula for height and width):

$$o = \\left\\lfloor \\frac{n + 2p - d(k-1) - 1}{s} \\right\\rfloor + 1$$

Padding **valid** means no padding. **Same** is TensorFlow's rule (tfjs uses it too): pad just enough that
$o = \\lceil n/s \\rceil$, and when the total padding is odd put the extra zero at the bottom and right.
PyTorch models such as torchvision's ResNet-18 instead give an explicit $p$ on every side.`,
        },
        {
          kind: 'figure',
          component: ConvGeometry,
          alt: 'Controls for input size, kernel size, stride, dilation and padding; the input grid with its zero padding drawn as a dashed border and the window of the chosen output cell; the output grid; and the output-size formula evaluated with the current numbers.',
        },
        {
          kind: 'text',
          md: `ResNet-18 uses exactly this formula at every layer. Its first convolution (the **stem**) has
$k = 7$, $s = 2$, $p = 3$ on a 224×224 image:
$\\lfloor (224 + 6 - 6 - 1)/2 \\rfloor + 1 = 111 + 1 = 112$. The 3×3 convolutions inside its blocks use
$p = 1$: with $s = 1$ they keep the size, and the first convolution of stages 2, 3 and 4 uses $s = 2$ to
halve it (56 → 28 → 14 → 7). ResNet-18 uses no dilation.`,
        },
      ],
    },
    {
      title: 'Channels and filters',
      cells: [
        {
          kind: 'text',
          md: `A colour picture has three **[[channel|channels]]** (red, green, blue), and a [[feature map]] inside a network
has many more. A kernel for an input with $C_\\text{in}$ channels is $k\\times k\\times C_\\text{in}$: one
$k\\times k$ slice per input channel. Each slice slides over its own channel, and all their products are
added into **one** output number, plus one bias:

$$y_{i,j} = b + \\sum_{c=1}^{C_\\text{in}} \\sum_{u,v} x_{i+u,\\,j+v,\\,c}\\; w_{u,v,c}$$

That whole $k\\times k\\times C_\\text{in}$ block is one **[[filter]]**, and it makes one output channel. A layer
with $C_\\text{out}$ filters makes $C_\\text{out}$ output channels. Step through the output cells below:
each sum is the red, green and blue parts plus the bias.`,
        },
        {
          kind: 'figure',
          component: MultiChannel,
          alt: 'A 5×5 RGB input shown as three grids, two or three filters each made of three 3×3 kernels and a bias, their output channels, the per-channel breakdown of the selected output cell, and the weight count.',
        },
        {
          kind: 'text',
          md: `So a convolution layer has

$$k\\cdot k\\cdot C_\\text{in}\\cdot C_\\text{out} + C_\\text{out}$$

learnable numbers (weights plus biases). ResNet-18's stem has 64 filters of size 7×7×3:
$7\\cdot 7\\cdot 3\\cdot 64 = 9{,}408$ weights — and **no bias**, because a [[batch norm|batch-norm]] layer follows every
convolution in ResNet: it subtracts the mean of each channel (which would cancel any bias) and adds its own
learned shift $\\beta$ instead. The biggest convolutions, in stage 4, have
$3\\cdot 3\\cdot 512\\cdot 512 = 2{,}359{,}296$ weights each.

tfjs stores a kernel as $[k, k, C_\\text{in}, C_\\text{out}]$ ("HWIO") and images as
$[N, H, W, C]$ ("NHWC"); PyTorch uses $[C_\\text{out}, C_\\text{in}, k, k]$ and $[N, C, H, W]$ — the
notebook converts when it loads PyTorch weights (each figure's **Code: the same in PyTorch** block shows the
PyTorch call in that layout). The work grows with the output size too: the stem does
$112\\cdot 112\\cdot 7\\cdot 7\\cdot 3\\cdot 64 = 118{,}013{,}952$ multiply-adds per image.

Next: **pooling**, the other way a network makes its feature maps smaller.`,
        },
      ],
    },
    recapStep([
      'A convolution lays a $k\\times k\\times C_\\text{in}$ [[filter]] on each window of its input, multiplies and adds: one output number per window, plus a bias. Deep-learning libraries do not flip the [[kernel]] (strictly, cross-correlation).',
      '[[Stride]], [[padding]] and [[dilation]] decide where the window goes, and the output size is $o = \\lfloor (n + 2p - d(k-1) - 1)/s \\rfloor + 1$.',
      'A layer with $C_\\text{out}$ filters has $k\\cdot k\\cdot C_\\text{in}\\cdot C_\\text{out}$ weights plus $C_\\text{out}$ biases; ResNet drops the biases because [[batch norm]] follows every convolution.',
    ], [
      { q: 'A 3×3 kernel slides over a 7×7 input with stride 1 and no padding, as in the first step. How big is the output?', a: '5×5: the window fits $7 - 3 + 1 = 5$ times along each axis.' },
      { q: 'ResNet-18\'s stem is a 7×7 convolution with stride 2 and padding 3. What size does it give a 224×224 image?', a: '112×112: $\\lfloor (224 + 2\\cdot 3 - 7)/2 \\rfloor + 1 = \\lfloor 223/2 \\rfloor + 1 = 112$.' },
      { q: 'How many weights does a 3×3 convolution from 64 to 128 channels have, without bias (as in ResNet-18\'s stage 2)?', a: '$3\\cdot 3\\cdot 64\\cdot 128 = 73{,}728$.' },
    ]),
  ],
};

export default convolution;
