import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import WeightsPanel from '../run-it/WeightsPanel.svelte';
import QuantLayer from './QuantLayer.svelte';
import QuantTable from './QuantTable.svelte';
import NetworkEffect from './NetworkEffect.svelte';
import CalibrationView from './CalibrationView.svelte';
import RuntimeTable from './RuntimeTable.svelte';
import SeBlockFigure from './SeBlockFigure.svelte';
import TorchExport from './TorchExport.svelte';
import F16Textures from './F16Textures.svelte';
import DistillFigure from './DistillFigure.svelte';
import SeTrainFigure from './SeTrainFigure.svelte';
import StudioQuant from './StudioQuant.svelte';
import StudioDistill from './StudioDistill.svelte';

/** Lesson 9: INT8 and fp16 weights measured, activation calibration, ONNX export run in ONNX Runtime Web, the SE block. */
const shipIt: Lesson = {
  id: 'ship-it',
  title: 'Ship it',
  steps: [
    {
      title: 'Eight-bit weights: one layer',
      cells: [
        {
          kind: 'text',
          md: `A trained ResNet-18 is 11.7 million float32 numbers, 46.8 MB. Deployed, it rarely stays that way:
storing each weight in **8 bits** ([[quantization]]) makes it four times smaller and lets the processor use integer
multiply-adds. Everything below works on the weights the notebook holds now — the pretrained ImageNet ones if
you loaded them (here or in *Run it*), your own file, or the seeded random initialisation, which the page says.`,
        },
        { kind: 'figure', component: WeightsPanel, alt: 'Controls to load pretrained weights from the Hugging Face hub or from local files, and which weights are live.' },
        {
          kind: 'text',
          md: `**Symmetric INT8** keeps zero exact and stores $q = \\mathrm{clamp}(\\mathrm{round}(w/s),\\,-127,\\,127)$
with one scale $s = \\max|w| / 127$; the weight used is $\\hat w = q\\,s$. Rounding is **half to even** and
out-of-range values **saturate**, exactly as ONNX's \`QuantizeLinear\` defines them. We use $[-127, 127]$, not
$[-128, 127]$: with zero point 0 the grid is then symmetric, so $-\\max|w|$ is as exact as $+\\max|w|$ — ONNX
Runtime's quantizer and TensorRT do the same for weights.

**Per [[tensor]]**, one $s$ serves every output [[channel]]; **per channel**, each output channel gets its own. Pick a
layer and a channel: the orange lines are the values an INT8 weight can take. With one scale for the whole
tensor, a channel with small weights sees only a few lines across its histogram; with its own scale it gets
all 255.`,
        },
        { kind: 'figure', component: QuantLayer, alt: 'Histogram of one output channel of the chosen layer with the INT8 quantization grid drawn over it, and the layer’s quantization error.' },
      ],
    },
    {
      title: 'Every layer, and the whole network',
      cells: [
        {
          kind: 'text',
          md: `The table quantizes all 21 weight tensors (20 convolutions and the classifier) both ways. The
**SQNR** (signal-to-quantization-noise ratio, $10\\log_{10} \\sum w^2 / \\sum (w-\\hat w)^2$, higher is better)
comes out higher per channel: a channel's own range is never wider than the whole tensor's, so its grid is
never coarser. The gain is largest where channels differ most in size (the 1×1 shortcut convolutions).`,
        },
        { kind: 'figure', component: QuantTable, alt: 'Table of the rms error and SQNR of INT8 per tensor and per channel for every convolution and the fully connected layer.' },
        {
          kind: 'text',
          md: `What does it do to the answers? Below, copies of the model whose weights were rounded to **fp16** (IEEE
half precision, round to nearest even) or quantized to INT8 and back run on the four sample photos through the
same tfjs forward pass: [[top-1]] agreement compares each copy's highest-scoring class with fp32's, and the
deviation is the largest change of any [[logit]]. Sizes count every trainable value (BatchNorm's [[running statistics]] fold into the convs
when deployed); INT8 sizes add one float32 scale per tensor or per channel and keep biases and BatchNorm's
$\\gamma, \\beta$ in float32.

**What the browser can do with fp16.** Storing weights in half precision halves the download. Computing in it
is another matter: tfjs's WebAssembly backend computes in float32 always; its WebGL backend can keep tensors
in 16-bit float textures (on devices without 32-bit float render targets, or when forced), but the shaders
still do their arithmetic at the GPU's float precision. So "fp16" here means **half-size weights**, and the
deviation below is what rounding the weights costs.`,
        },
        { kind: 'figure', component: NetworkEffect, alt: 'Table of model size as fp32, fp16 and int8, with top-1 agreement with fp32 and the largest logit deviation on the sample photos.' },
        {
          kind: 'text',
          md: `On the WebGL backend you can see what 16-bit *storage* costs: the button runs the sample photos with 32-bit
float textures, then again with tfjs told to make 16-bit ones (the flag \`WEBGL_RENDER_FLOAT32_ENABLED\` set to
false, which is what \`WEBGL_FORCE_F16_TEXTURES\` does at start-up), and compares the [[logit|logits]]. Every
activation is then rounded to half precision when a shader writes it; the weights, already uploaded, stay in 32-bit
textures. That is all "mixed precision" can mean in this browser: the arithmetic itself stays at the GPU's float
precision in the shaders (32-bit on desktop GPUs) and float32 in WebAssembly, so 16-bit textures can save memory
and bandwidth but not arithmetic, and training with fp16 compute and loss scaling, as PyTorch's \`autocast\` does
on a GPU, is not available.`,
        },
        { kind: 'figure', component: F16Textures, alt: 'Button that runs the sample photos on WebGL with 32-bit and with 16-bit float textures, and the top-1 agreement, largest logit change and times it measured.' },
        {
          kind: 'text',
          md: `Four photos say whether the answers moved, not whether the network got worse. For that you need labelled
pictures the network did not train on — a **validation set**. The network you trained in the studio (*Train it*)
has one: the button below reads the network the studio saved after its last finished [[epoch]], makes the same
four copies of it (fp32, fp16, two INT8) and scores each on that validation split — the studio's own split when this
visit still holds its dataset, otherwise the built-in shapes drawn again from the run's seed (the same pictures). The
studio's networks are narrow: width 1/8 has about 1/64 of the weights of width 1, so the sizes are kilobytes.`,
        },
        { kind: 'figure', component: StudioQuant, alt: 'Button that scores the network trained in the studio as fp32, fp16 and int8 per tensor and per channel on its validation images: size, validation top-1, agreement with fp32 and largest logit change.' },
      ],
    },
    {
      title: 'Activations: calibration',
      cells: [
        {
          kind: 'text',
          md: `Weights are known in advance; **activations** are not — their range depends on the picture. Static
INT8 fixes each layer's range once, on **calibration images**, and stores every activation as a *uint8*
$q = \\mathrm{round}(x/s) + z$ with step $s = (\\max - \\min)/255$ and zero point $z = \\mathrm{round}(-\\min/s)$
(the range is widened to contain 0, so zero — [[ReLU]]'s floor and the [[padding]] — is exact). After a ReLU the
minimum is 0 and $z = 0$; before the residual add (\`bn2\`, the shortcut) values are signed.

Here the calibration set is the four sample photos (min/max over them). A real deployment uses a few hundred
training images and often clips rare outliers (percentile or entropy calibration): one huge activation
stretches the step for all the others.`,
        },
        { kind: 'figure', component: CalibrationView, alt: 'Table of each layer’s activation range on the calibration photos, drawn as bars, with the uint8 step and zero point it gives.' },
      ],
    },
    {
      title: 'ONNX: the same network in another runtime',
      cells: [
        {
          kind: 'text',
          md: `**ONNX** is the file format most runtimes read (ONNX Runtime, TensorRT, OpenVINO, Core ML tools).
The button exports the live model twice, in evaluation mode, with input \`pixel_values\` (float32, NCHW
$[N,3,224,224]$, any $N$) and output \`logits\`:

- **fp32**: each BatchNorm ([[batch norm]]) is **folded** into the convolution before it. In evaluation mode BN is the
  per-channel affine map $y = s\\,x + (\\beta - s\\mu)$, $s = \\gamma/\\sqrt{\\sigma^2+\\epsilon}$, applied right
  after a linear conv, so $W' = sW$, $b' = \\beta - s\\mu$ compute the same function with one operation less.
- **int8**: the folded weights quantized per channel (folding first matters — the weights really applied
  are $W'$), activations quantized with the calibration above, written as \`QuantizeLinear\`/\`DequantizeLinear\`
  pairs. ONNX Runtime recognises each *dequantize → conv → quantize* pattern and runs an **integer kernel**.

Then ONNX Runtime Web (WebAssembly, loaded only on this page) runs both beside tfjs on the same photos. The
table measures what decides whether a model can be deployed: agreement with the original, latency at batch 1
(median and the 95th percentile — the slow runs users notice), throughput at [[batch size|batch sizes]] 8 and 32, and
memory.`,
        },
        { kind: 'figure', component: RuntimeTable, alt: 'Button that exports the model to ONNX and measures tfjs fp32, ONNX Runtime fp32 and ONNX Runtime int8: agreement, latency, throughput and weight memory, with download links for the .onnx files and Python code.' },
        {
          kind: 'text',
          md: `The three lines of Python under the table run the downloaded file with \`pip install onnxruntime\`;
feed them pictures preprocessed as in *Run it* (NCHW this time). Numbers depend on this machine: a phone,
a laptop and a server CPU with VNNI give very different INT8 speed-ups.`,
        },
      ],
    },
    {
      title: 'Back to PyTorch, at any width',
      cells: [
        {
          kind: 'text',
          md: `The same weights can also go back to PyTorch, the tool most training and research happens in. The file is
a \`.safetensors\` state dict with torchvision's names (\`conv1.weight\`, \`layer2.0.downsample.0.weight\`,
\`fc.bias\` …), convolution [[kernel|kernels]] in PyTorch's $[C_\\text{out}, C_\\text{in}, k, k]$ order, and the
[[running statistics]] with their \`num_batches_tracked\` counters, so \`load_state_dict\` accepts it strictly.

A file loads only into a module with exactly its shapes. \`torchvision.models.resnet18\` fixes the stage widths at
64, 128, 256 and 512 inside \`ResNet.__init__\`, so it fits width 1 only. A narrower network — the studio trains
width 1/8 by default, 8, 16, 32 and 64 [[channel|channels]] — needs a constructor of its own: the code below
subclasses torchvision's \`ResNet\`, maps each of its stage widths to the narrower one in \`_make_layer\` (so
torchvision's own code still builds every block and decides where a [[projection shortcut]] goes), and rebuilds the
three modules made outside it: \`conv1\`, \`bn1\` and \`fc\`. The CIFAR stem also swaps \`conv1\` for a 3×3
stride-1 convolution and the max-pool for \`nn.Identity()\`.`,
        },
        { kind: 'figure', component: TorchExport, alt: 'A choice of network (the live model or a narrower CIFAR-stem one), its stage widths, the Python that builds the matching PyTorch module and loads the file, and a button that writes the live model as a .safetensors file.' },
      ],
    },
    {
      title: 'A small network taught by a larger one',
      cells: [
        {
          kind: 'text',
          md: `Quantization keeps the network and stores it in fewer bits. **Knowledge distillation** (Hinton, Vinyals and
Dean, 2015) ships a smaller network instead, trained to imitate a larger *teacher*. The teacher's [[softmax]]
says more than the label: for a picture of a ring it may give the disc 10 % and the stripes almost nothing, and
that says which classes look alike. Dividing the [[logit|logits]] by a **temperature** $T > 1$ before the
softmax, $p_i = e^{z_i/T} / \\sum_j e^{z_j/T}$, flattens both distributions so these small probabilities count.
The student's [[loss]] mixes the two targets:

$$L = \\alpha\\,T^2\\,\\mathrm{KL}\\big(\\mathrm{softmax}(t/T)\\,\\big\\|\\,\\mathrm{softmax}(s/T)\\big) + (1-\\alpha)\\,\\mathrm{CE}(s, y)$$

with $t$ the teacher's logits, $s$ the student's and $y$ the label; KL is averaged over the [[batch]], as
PyTorch's \`kl_div(..., reduction="batchmean")\`. Its [[gradient]] with respect to a student logit is
$\\alpha\\,T\\,(p^s_i - p^t_i)/N$ from the soft part (with $p^s, p^t$ the softened probabilities). For a large $T$ the
difference $p^s_i - p^t_i$ shrinks like $1/T$; the factor $T^2$ keeps the soft part's weight against the labels
the same whatever $T$ is chosen.

The button below trains three networks here, in a worker so the page stays responsive. The **teacher** is not a
model you trained in the studio: it is a width-1/4 CIFAR-stem ResNet-18 trained for this comparison, 20 [[epoch|epochs]]
of 500 new pictures of the studio's built-in shapes each. The two **students** are width 1/8 (about a quarter of
the teacher's parameters), start from the same initial weights and see only 200 pictures — 20 of each class, from
the teacher's first epoch — for 20 epochs, in the same order, with the same learning-rate schedule and number of
steps: one learns from the labels alone, the other with the loss above ($T = 4$, $\\alpha = 0.9$). Each curve is
[[top-1]] accuracy on 300 other pictures after every epoch. The teacher takes most of the time: several minutes
on a laptop. The figure draws each point as it comes.`,
        },
        { kind: 'figure', component: DistillFigure, alt: 'Button that trains a teacher, a student alone and a distilled student, and a chart of their validation accuracy after every epoch.' },
        {
          kind: 'text',
          md: `The same with **your** teacher: the network you trained in the studio teaches a smaller student on the
studio's own pictures — width 1/8 under a wider teacher, half the teacher's width under a width-1/8 one (the
studio's default), since a student as large as its teacher would teach nothing about shipping something smaller.
Both students start from the same weights and see the same pictures in the same order under the same schedule;
the teacher does not train, so its line is flat. Distillation pays most when labelled pictures are few: Hinton et
al. trained a speech model on 3 % of its data, and with hard labels it overfitted (44.5 % of frames right against
58.9 % with all the data) while with the full model's soft targets it reached 57.0 %.`,
        },
        { kind: 'figure', component: StudioDistill, alt: 'Button that distils the network trained in the studio into a smaller student, and a chart of the validation accuracy of the studio network, the student alone and the distilled student after every epoch.' },
      ],
    },
    {
      title: 'Improving the block: squeeze and excitation',
      cells: [
        {
          kind: 'text',
          md: `Shrinking a network is one way to ship it; the other is to get more out of each block. The
**squeeze-and-excitation** block (Hu et al., 2018) adds a small gate after the second BatchNorm: average each
channel over the whole [[feature map]] (*squeeze*, $s_c = \\frac{1}{HW}\\sum_{h,w} x_{hwc}$), pass the $C$ numbers through
two small fully connected layers, $e = \\sigma(W_2\\,\\mathrm{relu}(W_1 s + b_1) + b_2)$, and multiply every
channel by its gate $e_c \\in (0,1)$ (*excitation*). The block can now turn channels up or down depending on the
whole picture — context a 3×3 convolution cannot see.

The gate is cheap: with reduction $r = 16$ it adds $2C^2/r + C/r + C$ parameters per block and, per image,
$2C^2/r$ multiply-adds plus one multiply per activation — well under 1% of the block's convolutions.`,
        },
        { kind: 'figure', component: SeBlockFigure, alt: 'Diagram of a basic block with the squeeze-and-excitation gate between the second BatchNorm and the residual add, and a table of its parameter and multiply-add cost per stage of ResNet-18.' },
        {
          kind: 'text',
          md: `Does the gate pay for itself? Below, two width-1/8 CIFAR-stem ResNet-18s start from the same weights and train on
the same 500 new pictures of the studio's shapes every [[epoch]], in the same order, with the same learning-rate
schedule and number of steps. The only difference: one has an SE gate in each of its 8 blocks. At this width the
stages have 8 to 64 [[channel|channels]], so the gates use $r = 4$ (2 to 16 hidden units): with $r = 16$ the first
stage's gate would have a single hidden unit. Both curves are [[top-1]] accuracy on 300 pictures neither network
trains on. A short run on easy pictures is not ImageNet: Hu et al. report the gain on ImageNet after full training,
and here the curves can cross, or the gate can be slower to pay off than the run is long.`,
        },
        { kind: 'figure', component: SeTrainFigure, alt: 'Button that trains a plain and an SE ResNet-18 side by side, and a chart of both validation accuracies after every epoch.' },
      ],
    },
    recapStep([
      'Symmetric INT8 stores $q = \\mathrm{clamp}(\\mathrm{round}(w/s), -127, 127)$ with $s = \\max|w|/127$ (rounding half to even, as ONNX\'s `QuantizeLinear`): a quarter of float32\'s size. A scale per output [[channel]] fits each channel\'s own range.',
      'fp16 weights halve the download; the browser\'s wasm backend still computes in float32, so what they cost is the rounding of the weights, measured as the largest change of a [[logit]].',
      'Activations are quantized with ranges measured once on calibration images (uint8 with a zero point); [[batch norm]] is folded into the convolution before it, $W\' = sW$, $b\' = \\beta - s\\mu$, so the exported network has one operation less per layer.',
      'A squeeze-and-excitation gate rescales each channel by a number in $(0,1)$ computed from the whole [[feature map]], for $2C^2/r + C/r + C$ parameters per block.',
    ], [
      { q: 'A weight tensor\'s largest magnitude is $0.5$. What is its INT8 scale, and which integer stores the weight $0.1$?', a: '$s = 0.5/127 \\approx 0.003937$, and $0.1/s = 25.4$ rounds to $q = 25$, which stands for $25 \\cdot 0.5/127 \\approx 0.0984$.' },
      { q: 'A BatchNorm channel has $\\gamma = 1$, $\\sigma^2 + \\epsilon = 4$, $\\mu = 2$ and $\\beta = 0.5$. What does folding it do to the convolution before it?', a: '$s = \\gamma/\\sqrt{\\sigma^2+\\epsilon} = 0.5$, so that channel\'s weights are halved, $W\' = 0.5\\,W$, and it gets the bias $b\' = \\beta - s\\mu = 0.5 - 1 = -0.5$.' },
      { q: 'How many parameters does an SE gate with $r = 16$ add to a block of stage 2 (128 channels)?', a: 'The hidden width is $128/16 = 8$: $2 \\cdot 128 \\cdot 8 + 8 + 128 = 2{,}184$ — the stage-2 row of the cost table.' },
    ]),
  ],
};

export default shipIt;
