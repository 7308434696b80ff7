import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import WeightsPanel from './WeightsPanel.svelte';
import PicturePicker from '../../src/components/model/PicturePicker.svelte';
import PreprocessStrip from './PreprocessStrip.svelte';
import Prediction from './Prediction.svelte';
import FeatureMaps from '../../src/components/model/FeatureMaps.svelte';
import FirstFilters from './FirstFilters.svelte';
import GradCamView from './GradCamView.svelte';

/** The sample photos in public/samples (licences in public/samples/LICENSES.md). */
export const EXPLORER_SAMPLES = [
  { url: './samples/chelsea.png', label: 'Chelsea the cat' },
  { url: './samples/coffee.png', label: 'A cup of coffee' },
  { url: './samples/astronaut.png', label: 'Astronaut Eileen Collins' },
  { url: './samples/rocket.jpg', label: 'A rocket on the launch pad' },
];

/** Lesson 7: pretrained weights, preprocessing, top-5, feature maps of every layer, Grad-CAM. */
const runIt: Lesson = {
  id: 'run-it',
  title: 'Run it',
  steps: [
    {
      title: 'Weights, a picture, and what the network is fed',
      cells: [
        {
          kind: 'text',
          md: `The ResNet-18 in this page is the full network — 11,689,512 parameters — built by the notebook's own
code. Until you give it weights it starts from a **seeded random initialisation** (the one torchvision uses),
so it runs, but its answers mean nothing. The button below downloads Microsoft's ImageNet-trained
\`microsoft/resnet-18\` from the Hugging Face hub (about 47 MB, once: the browser keeps a copy, so the next
visit works offline). You can also drop the files in yourself.`,
        },
        { kind: 'figure', component: WeightsPanel, alt: 'Controls to load pretrained weights from the Hugging Face hub or from local files, with a progress bar and the current weights status.' },
        {
          kind: 'text',
          md: `A network only recognises pictures prepared the way its training pictures were. For
\`microsoft/resnet-18\` the recipe is in its \`preprocessor_config.json\`: resize so the **shortest edge is
256 px** ($224 / 0.875$, the \`crop_pct\`) with **bicubic** resampling, cut the **centre 224×224**, scale bytes
to $[0,1]$ and standardise each colour channel with the ImageNet statistics:

$$x_c = \\frac{p/255 - \\mu_c}{\\sigma_c},\\qquad \\mu = (0.485,\\,0.456,\\,0.406),\\quad \\sigma = (0.229,\\,0.224,\\,0.225)$$

The resize here reproduces Pillow's bicubic filter (a cubic kernel with $a=-0.5$, widened when shrinking so
it averages instead of skipping pixels), so the numbers match what Python feeds the same model.`,
        },
        { kind: 'figure', component: PicturePicker, props: { samples: EXPLORER_SAMPLES }, alt: 'Choose a sample photo, upload a picture or take a webcam frame.' },
        {
          kind: 'figure', component: PreprocessStrip,
          props: { captions: { original: 'Original', resized: 'Shortest edge → 256, bicubic:', cropped: 'Centre crop:', normalized: 'Normalised R, G, B (grey = channel mean of ImageNet)' } },
          alt: 'The picture at each preprocessing step: original, resized to a 256-pixel shortest edge, centre-cropped to 224×224, and the three normalised colour channels.',
        },
      ],
    },
    {
      title: 'Top-5: what the network says',
      cells: [
        {
          kind: 'text',
          md: `The last layer produces 1000 numbers, one **[[logit]]** $z_i$ per ImageNet class. [[Softmax]] turns them into
probabilities, $p_i = e^{z_i} / \\sum_j e^{z_j}$, and we show the five largest. Class names come from the
checkpoint's \`id2label\` (ImageNet has some oddities: "crane" is both the bird, 134, and the machine, 517).

The time below is one forward pass with **every** layer's output kept for the next steps. The first run on
a backend is slower: WebGL compiles its shader programs and WebAssembly warms up.`,
        },
        { kind: 'figure', component: PicturePicker, props: { samples: EXPLORER_SAMPLES }, alt: 'Choose the picture to classify.' },
        { kind: 'figure', component: Prediction, alt: 'Bar chart of the five most probable classes with their probabilities, and the forward-pass time.' },
      ],
    },
    {
      title: 'Feature maps of every layer',
      cells: [
        {
          kind: 'text',
          md: `Every layer's output is a stack of **[[feature map|feature maps]]**, one per channel: the stem's 64 maps of 112×112,
down to stage 4's 512 maps of 7×7. All of them come from the one forward pass you just ran; switching layers
only reads them. Early maps look like edge and colour detectors; late maps are coarse and respond to parts
of objects. Sort by mean activation to see which channels this picture excites most.`,
        },
        { kind: 'figure', component: FeatureMaps, alt: 'A grid of the feature maps of the chosen layer, with a zoomed channel, its value range and colour legend.' },
        {
          kind: 'text',
          md: `The first layer's 64 filters are 7×7×3 weights — small enough to look at as colour pictures (grey is 0).
Trained weights show oriented edges and colour blobs; the random initialisation shows noise.`,
        },
        { kind: 'figure', component: FirstFilters, alt: 'The 64 first-layer filters drawn as 7×7 colour images.' },
      ],
    },
    {
      title: 'Where it looked: Grad-CAM and saliency',
      cells: [
        {
          kind: 'text',
          md: `**[[Grad-CAM]]** (Selvaraju et al., 2017) asks how the score $y^c$ of class $c$ changes with each of
stage 4's 512 maps $A^k$ (7×7 each), averages that [[gradient]] over the map to get a weight per channel, and
keeps the positive part of the weighted sum:

$$\\alpha_k^c = \\frac{1}{7\\cdot 7}\\sum_{i,j} \\frac{\\partial y^c}{\\partial A^k_{ij}},\\qquad L^c = \\mathrm{ReLU}\\Big(\\sum_k \\alpha^c_k A^k\\Big)$$

upsampled to the picture. A **saliency map** (Simonyan et al., 2013) is the plainer question: how much does
the score move per pixel, $\\max_{\\text{colour}} |\\partial y^c / \\partial x|$ — it needs a backward pass
through the whole network, so it runs on request.`,
        },
        { kind: 'figure', component: GradCamView, alt: 'Grad-CAM heat map over the picture for a chosen top-5 class, with an opacity slider, and a saliency map.' },
      ],
    },
    recapStep([
      'A network only recognises pictures prepared like its training pictures: for `microsoft/resnet-18`, shortest edge to 256 px (bicubic), centre 224×224, bytes to $[0, 1]$, then each channel standardised with ImageNet\'s mean and standard deviation.',
      'The last layer gives 1,000 [[logit|logits]]; [[softmax]] turns them into probabilities, and the page shows the five largest ([[top-5]]).',
      '[[Feature map|Feature maps]] go from edge and colour detectors in the stem to coarse, part-like maps in stage 4; [[Grad-CAM]] weights stage 4\'s maps by the averaged gradient of a class score to show where the picture drives that score.',
    ], [
      { q: 'What number does the red channel of a pure white pixel (byte 255) become after preprocessing?', a: '$(255/255 - 0.485)/0.229 \\approx 2.249$.' },
      { q: 'If 5 were added to all 1,000 logits, how would the top-5 probabilities change?', a: 'Not at all: $e^{z_i + 5} / \\sum_j e^{z_j + 5} = e^{z_i} / \\sum_j e^{z_j}$, the factor $e^5$ cancels.' },
      { q: 'In Grad-CAM, how is the weight $\\alpha_k^c$ of stage 4\'s channel $k$ found, and why the ReLU at the end?', a: 'It is the mean, over the 7×7 positions, of the gradient of the class score $y^c$ with respect to that channel\'s map. The ReLU keeps only the places that raise the score of class $c$.' },
    ]),
  ],
};

export default runIt;
