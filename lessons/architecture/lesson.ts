import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import ArchitectureView from './ArchitectureView.svelte';
import StageTable from './StageTable.svelte';
import PicturePicker from '../../src/components/model/PicturePicker.svelte';
import { EXPLORER_SAMPLES } from '../run-it/lesson';

/** Lesson 6: the whole ResNet-18, drawn from the model this page builds. */
const architecture: Lesson = {
  id: 'architecture',
  title: 'The architecture',
  steps: [
    {
      title: 'The whole network, read off the model',
      cells: [
        {
          kind: 'text',
          md: `Here is ResNet-18 as this page builds it — the drawing is generated from the model's own layer list
and parameter shapes, not typed in. A **stem** (7×7 convolution with stride 2, then 3×3 max-pooling with
stride 2) shrinks 224×224 to 56×56; four **stages** of two basic blocks each follow, every stage after the
first halving the resolution and doubling the channels; [[global average pooling]] and one fully connected layer
give the 1000 class scores ([[logit|logits]]).

Open a stage, then a block, to see its layers. Each edge carries the tensor shape (height × width × channels);
each box its parameters and **multiply-adds** for one 224×224 image. The first block of stages 2–4 changes
shape, so its shortcut cannot be the identity: a **1×1 convolution with stride 2** (red) projects the input to
the new shape. All other shortcuts are identities (dashed blue). The totals — 11,689,512 parameters and about
1.81 G multiply-adds (what torchvision calls "1.81 GFLOPS") — are summed from the boxes.

Click any layer: its **[[receptive field]]** — the input pixels one of its units can see — is drawn on the
picture, and its [[feature map|feature maps]] open.`,
        },
        { kind: 'figure', component: PicturePicker, props: { samples: EXPLORER_SAMPLES }, alt: 'Choose the picture the receptive fields and feature maps are drawn on.' },
        { kind: 'figure', component: ArchitectureView, alt: 'A collapsible graph of ResNet-18 from input to fully connected layer, with tensor shapes on the edges and parameters and multiply-adds per box; beside it the receptive field of the selected layer on the picture and its feature maps.' },
      ],
    },
    {
      title: 'The stage table, and why it is called 18',
      cells: [
        {
          kind: 'text',
          md: `The same model as a table. Count the weighted layers on the main path: the stem's 7×7 convolution,
two 3×3 convolutions in each of the 8 basic blocks, and the fully connected layer — $1 + 16 + 1 = 18$.`,
        },
        { kind: 'figure', component: StageTable, alt: 'Table of the stem, four stages and head with output sizes, number of blocks, layers and parameters, and the count of 17 convolutions plus 1 fully connected layer.' },
        {
          kind: 'text',
          md: `Tables of ResNet-18 that circulate online often get this wrong, so it is worth checking against the
model:

- **Two** basic blocks per stage (2-2-2-2), not four. "×4" in every stage would make $4\\cdot4\\cdot2+2 = 34$
  weighted layers — and even ResNet-34 is laid out 3-4-6-3, not 4-4-4-4.
- The "18" is **17 convolutions + 1 fully connected layer**, not "18 convolutional layers"; the three 1×1
  [[projection shortcut|projection convolutions]] on the shortcuts are not counted.
- ResNet-18, -34 and -50 all start at 64 channels and widen 64 → 128 → 256 → 512 per stage (ResNet-50's
  bottleneck blocks expand to 4× that at their output). What differs is the **depth** (blocks per stage) and
  the **block type** (basic vs bottleneck), not a "filters 64/128/256" setting.`,
        },
      ],
    },
    recapStep([
      'ResNet-18: a stem (7×7 convolution, stride 2; 3×3 max-pool, stride 2) takes 224×224 to 56×56; four stages of two basic blocks each follow, 64 → 128 → 256 → 512 channels at 56 → 28 → 14 → 7; then [[global average pooling]] and one fully connected layer.',
      'It has 11,689,512 parameters and about 1.81 G multiply-adds per 224×224 image; the first block of stages 2–4 uses a [[projection shortcut]].',
      'The "18" counts 17 convolutions on the main path and the fully connected layer.',
    ], [
      { q: 'Which 18 layers give ResNet-18 its name?', a: 'The stem\'s 7×7 convolution, two 3×3 convolutions in each of the 8 basic blocks, and the fully connected layer: $1 + 16 + 1 = 18$. The three 1×1 projection convolutions are not counted.' },
      { q: 'What shape does stage 3 output for a 224×224 image (height × width × channels)?', a: '14×14×256: the stem brings 224 to 56, and stages 2 and 3 each halve the size and double the channels (64 → 128 → 256).' },
      { q: 'Why cannot the shortcut of stage 2\'s first block be the identity?', a: 'That block halves the size (56 → 28) and doubles the channels (64 → 128), so $x$ has another shape than $F(x)$ and cannot be added to it: a 1×1 convolution with stride 2 (and BN) projects it to $28\\times 28\\times 128$.' },
    ]),
  ],
};

export default architecture;
