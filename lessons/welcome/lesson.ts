import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import { backend } from '../../src/lib/state/Backend.svelte';
import BackendFacts from './BackendFacts.svelte';
import ConvSelfCheck from './ConvSelfCheck.svelte';

/** Lesson 0: what a residual network is for, what the notebook does, and what this machine computes with. */
const welcome: Lesson = {
  id: 'welcome',
  title: 'Welcome',
  steps: [
    {
      title: 'What a residual network is for',
      cells: [
        {
          kind: 'text',
          md: `A **convolutional network** turns an image into an answer — "this is a tabby cat" — by passing it
through many layers, each a small learned filter bank followed by a simple non-linearity. Deeper networks can
learn richer features, but in 2015 people found that simply stacking more layers made training *worse*:
a 56-layer plain network had higher **training** error than a 20-layer one. That is not overfitting; the
optimiser just could not find good weights.

He, Zhang, Ren and Sun's fix was the **residual block**. Instead of asking a few layers to learn a mapping
$H(x)$ directly, let them learn the difference $F(x) = H(x) - x$ and add the input back:

$$H(x) = F(x) + x$$

If the best thing a block can do is nothing, it only has to push $F$ towards zero — easy — and the "+ x"
[[shortcut]] gives [[gradient|gradients]] a direct path back to early layers. With it, networks of 18, 34, 50, 101 and 152
layers train well.

**ResNet-18** is the smallest of that family: a 7×7 stem convolution, 16 3×3 convolutions in 8 basic
blocks (two per stage, four stages) and one fully connected layer — 18 weighted layers, 11,689,512
parameters, about 1.8 billion multiply-adds for one 224×224 image.`,
        },
      ],
    },
    {
      title: 'What this notebook lets you do',
      cells: [
        {
          kind: 'text',
          md: `Everything you see here is **computed live in your browser** with TensorFlow.js — no server, no
pre-rendered pictures. Step by step you will:

1. slide a convolution over an image and see every multiply-add;
2. pool, normalise and rectify feature maps;
3. build a residual block and watch the gradient flow through the shortcut;
4. train a plain and a residual network side by side;
5. assemble the whole ResNet-18, load pretrained ImageNet weights, classify photos and see what every layer
   responds to;
6. train it yourself on a small dataset.

Every number a page shows is computed from the network and the input in front of you when you look — none
is typed in. Under the convolution and pooling figures a **Code** cell holds the exact call, with its PyTorch
equivalent beside it. A dotted underline marks a term from the glossary: hover over it or reach it with
**Tab** to read its definition. Lessons marked *coming soon* in the list are not written yet.

**Moving around:** use the **Previous / Next** buttons or the **← →** keys. Every step has its own address
(this one ends in \`#/welcome/2\`), so you can bookmark or share it, and the notebook remembers where you
stopped.`,
        },
      ],
    },
    {
      title: 'Which backend your machine gives you',
      cells: [
        {
          kind: 'text',
          md: `TensorFlow.js can compute in three ways, called **backends**:

- **webgl** runs the maths as shaders on your graphics card. On a real GPU it is the fastest.
- **wasm** runs compiled WebAssembly on your CPU, with SIMD instructions and — when the page is
  *cross-origin isolated* — several threads.
- **cpu** is plain JavaScript: always available, and much slower.

Many computers have no usable GPU for the browser (virtual machines, remote desktops, some older laptops).
Their WebGL is a **software renderer** such as SwiftShader or llvmpipe, which imitates a GPU on the CPU.
That is slow: on one machine without a GPU, one ResNet-18 inference on a 224×224 image took about 1.7 s on
SwiftShader WebGL but about 0.14 s on wasm with SIMD and threads — the same CPU, twelve times faster. So when the notebook sees a
software renderer it picks wasm and tells you why. You can always override the choice with the status chip
in the top bar.`,
        },
        {
          kind: 'figure',
          component: BackendFacts,
          props: { backend },
          alt: 'A list of facts about this browser: the tfjs backend in use, the WebGL2 renderer string and whether it is a software renderer, why that backend was chosen, and for wasm the number of threads and SIMD support. A button times one ResNet-18 convolution on this machine.',
          caption: 'Your machine, as the notebook sees it.',
        },
      ],
    },
    {
      title: 'A first live computation',
      cells: [
        {
          kind: 'text',
          md: `Here is the operation ResNet-18 does most: a **convolution**. A 3×3 kernel $w$ slides over a 5×5 input
$x$; at each position it multiplies the nine overlapping numbers pairwise and adds them up:

$$y_{i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} x_{i+u,\\,j+v}\\; w_{u,v}$$

Without [[padding]] and with [[stride]] 1 the [[kernel]] fits in $5 - 3 + 1 = 3$ positions each way, so the output is
3×3. (Deep-learning libraries compute this *cross-correlation* and call it convolution; the kernel is not
flipped.) The output below comes from \`tf.conv2d\` running on your current backend; add up the nine products of any
window by hand and you get the same number, to the decimals shown.`,
        },
        {
          kind: 'figure',
          component: ConvSelfCheck,
          props: { backend, againLabel: 'New numbers' },
          alt: 'Three number grids: a 5×5 input of small integers, a 3×3 kernel, and the 3×3 output of tf.conv2d computed on the current backend, with the top-left output written out as a sum of nine products.',
          caption: 'A 3×3 convolution of a 5×5 input, computed by TensorFlow.js on this page.',
        },
      ],
    },
    {
      title: 'Play in the console',
      cells: [
        {
          kind: 'text',
          md: `The notebook exposes what it computes with as \`window.notebook\`. Open your browser's developer
tools (F12 or ⌥⌘I), go to the **Console** and try:

\`\`\`js
const { tf } = notebook;
tf.getBackend();                         // which backend is running
const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);  // NHWC
x.sum().print();                         // 10
x.dispose();                             // tensors hold memory until disposed
\`\`\`

Shapes are **NHWC** — batch, height, width, channels — the layout TensorFlow.js uses throughout.

\`notebook.nn\` is the ResNet-18 code these pages run and \`notebook.backend\` describes the backend in use.
When you are ready, go on to the next lesson.`,
        },
      ],
    },
    recapStep([
      'A residual block lets its layers learn the difference $F(x) = H(x) - x$ and adds the input back, $H(x) = F(x) + x$; that is what lets networks of 18 to 152 layers train.',
      'ResNet-18 is 18 weighted layers (a 7×7 stem, 16 3×3 convolutions in 8 basic blocks, one fully connected layer), 11,689,512 parameters.',
      'Everything here is computed in your browser by TensorFlow.js, on the backend the status chip names (webgl, wasm or cpu).',
    ], [
      { q: 'A 3×3 kernel slides over a 5×5 input with stride 1 and no padding. How many output numbers are there, and how many products go into each?', a: '9 outputs (3×3, since $5 - 3 + 1 = 3$), each the sum of 9 products.' },
      { q: 'If the best a block can do is leave its input as it is, what must its layers learn?', a: '$F(x) = 0$: pushing the residual towards zero is easy, and the shortcut passes $x$ through.' },
    ]),
  ],
};

export default welcome;
