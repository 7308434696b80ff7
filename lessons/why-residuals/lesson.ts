import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import { ResidualExperiment } from './ResidualExperiment.svelte';
import { EXPERIMENT_DEFAULTS as D } from './experiment';
import { WHY_CLAIMS as C } from './experimentClaims';
import ExperimentPanel from './ExperimentPanel.svelte';
import DecisionMaps from './DecisionMaps.svelte';

/**
 * Lesson 5: plain vs residual nets of equal depth, trained live side by side. Every statement about what the
 * experiment shows is a number from WHY_CLAIMS, each pinned by test/lessons/why-residuals/experiment-claims.test.ts with these
 * same defaults (EXPERIMENT_DEFAULTS).
 */
const exp = new ResidualExperiment();

const panelAlt = `Experiment controls; the decision regions of both networks over the training points; and two line charts. Left: training loss per step of the plain network (red) and the residual network (blue), log scale. Right: the norm of the loss gradient for each weighted layer's weights, layer 1 (input side) to ${D.depth} (output), log scale, for both networks, at step 1 (dashed) and at the latest step (solid). In the seeded reference run with the defaults the residual net's loss falls below 0.01 within ${C.residualBelow001By} steps while the plain net's loss never goes below ${C.plainNeverBelow} in ${C.steps} steps.`;

const lesson: Lesson = {
  id: 'why-residuals',
  title: 'Why residuals train',
  steps: [
    {
      title: 'The puzzle: deeper can be worse',
      cells: [
        {
          kind: 'text',
          md: `A deeper network can represent everything a shallower one can: the extra layers could simply copy
their input. So adding layers should never make the **training** loss worse. Yet He et al. (2015) found
exactly that: on CIFAR-10 a 56-layer plain network had higher *training* error than a 20-layer one. It is not
[[overfitting]] (that would show on the test set only) — the optimiser fails to find the good weights that exist.
They called it the **degradation problem**, and the residual block was their answer.

Here you can watch it happen. The task is small on purpose, so it trains in your browser in seconds:
**${D.points} points on two interleaved spirals** (${D.turns} turns each, a little noise), two classes,
always the same points (seeded). Two networks see it:

- a **plain** network of ${D.depth} weighted layers, each ${D.width} units wide: an input layer, ${(D.depth - 2) / 2}
  pairs of hidden layers, an output layer;
- a **residual** network with the **same layers and the same starting weights**, where each pair is a basic
  block with a shortcut: $h \\leftarrow \\mathrm{ReLU}(h + F(h))$ with
  $F(h) = \\mathrm{BN}(W_2\\,\\mathrm{ReLU}(\\mathrm{BN}(W_1 h)))$ (like ResNet's convolutions, a layer followed by
  BN has no bias: BN would subtract it again).

The only difference is the "$+\\,h$". ResNet's blocks use 3×3 convolutions; these use fully connected layers
(the inputs are 2-D points, not images), but the block has the same shape. Both train with full-batch [[SGD]],
[[learning rate]] ${D.lr}, [[momentum]] ${D.momentum}, starting from PyTorch's default initialisation for linear
layers, $W \\sim U(\\pm 1/\\sqrt{\\text{fan-in}})$.

Below are the ${D.points} points (orange: class 0, blue: class 1). The background shows what each network predicts
at every place in the plane — orange or blue where it is sure, white where it says 50/50. Before training, both
guess; the figures on the next steps keep these maps up to date while the networks train.`,
        },
        {
          kind: 'figure',
          component: DecisionMaps,
          props: { exp },
          alt: `Two squares showing the ${D.points} training points on two interleaved spirals, orange for class 0 and blue for class 1, over a background coloured by what the plain network (left) and the residual network (right) currently predict.`,
        },
      ],
    },
    {
      title: 'Train them side by side',
      cells: [
        {
          kind: 'text',
          md: `Press **Run ${C.steps} steps**. The left chart is the training loss of both networks (log scale); the
right chart is the size of the [[gradient]] each weighted layer receives, $\\lVert \\partial L / \\partial W_\\ell \\rVert$,
from layer 1 (next to the input) to layer ${D.depth} (the output), dashed at step 1 and solid now.`,
        },
        { kind: 'figure', component: ExperimentPanel, props: { exp }, alt: panelAlt },
        {
          kind: 'text',
          md: `What a seeded reference run with these defaults shows — your browser may round differently, so your
curves can differ in detail:

- the **residual** net's loss is below **0.01 within ${C.residualBelow001By} steps**; over the last 50 of ${C.steps}
  steps it averages below **${C.residualLast50Below}**, and it classifies **every** training point;
- the **plain** net's loss **never** goes below **${C.plainNeverBelow}** in ${C.steps} steps, and over the last 50
  steps it averages more than **${C.last50Ratio}×** the residual net's.

The plain curve is erratic — it jumps up and down, and tiny rounding differences move its jumps around (so do not
expect your run to match the reference step by step). Same depth, same data, same starting weights, and the only difference is the shortcut.`,
        },
      ],
    },
    {
      title: 'It is not a vanishing gradient (with batch norm)',
      cells: [
        {
          kind: 'text',
          md: `The textbook story is "the gradient vanishes in deep plain networks". Look at the right chart again.
With [[batch norm]], the plain network's first layer gets a **larger** gradient than the residual network's: at
step 1 **more than ${C.bnPlainFirstGradTimesLarger}× larger** in the reference run. Nothing vanished, and the plain
net still trains worse.

He et al. say the same about their plain networks: they were trained with batch norm, which keeps the forward
signals' variance away from zero, and they checked that the backward gradients had healthy norms. Their
conclusion is that the degradation is an **optimisation difficulty**: the deep plain network is simply much
harder for SGD to fit. A residual block makes "do nothing" the easy default — a block whose $F$ is near zero
passes its input through — so extra depth starts out harmless and each block only has to learn a correction.`,
        },
        { kind: 'figure', component: ExperimentPanel, props: { exp, show: { grads: true, loss: false } }, alt: panelAlt },
      ],
    },
    {
      title: 'Without batch norm the gradient does vanish',
      cells: [
        {
          kind: 'text',
          md: `Now untick **Batch norm** (the experiment restarts) and run again. Without normalisation, each plain
layer scales its signal — and, on the way back, the gradient — by roughly the same factor. With PyTorch's
default initialisation the weights have variance $1/(3\\,\\text{fan-in})$ and ReLU passes about half of the
signal, so in expectation each layer shrinks the variance several-fold, and ${D.depth} layers compound it.
In a residual block the gradient has a second path: since $h_{\\ell+1} = h_\\ell + F(h_\\ell)$ (before the ReLU),
$$\\frac{\\partial h_{\\ell+1}}{\\partial h_\\ell} = I + \\frac{\\partial F}{\\partial h_\\ell},$$
so the upstream gradient reaches $h_\\ell$ at least through the identity.

What the seeded reference run shows without batch norm:

- at step 1 the plain net's **first-layer gradient is below ${C.noBnPlainFirstGradBelow.toExponential(0)}**, while the
  residual net's is above **${C.noBnResidualFirstGradAbove}**; in the plain net the gradient shrinks almost layer after layer
  on the way to the input;
- from step ${C.noBnPlainChanceFrom} on, the plain net's loss stays within 0.001 of $\\ln 2 \\approx 0.693$ — the loss
  of a network that outputs 50/50 for every point: it **learns nothing**;
- the residual net does learn, slowly: its loss over the last 50 steps averages below **${C.noBnResidualLast50Below}**.`,
        },
        { kind: 'figure', component: ExperimentPanel, props: { exp }, alt: panelAlt },
      ],
    },
    {
      title: 'Depth is what hurts',
      cells: [
        {
          kind: 'text',
          md: `Set the depth to **${C.shallowDepth}** with batch norm on. In the reference run **both** networks classify every
training point after ${C.steps} steps: a shallow plain network trains fine, and the gap you saw opens with depth. Try
20 layers and both switches yourself; the runs are seeded, so **Reset** replays exactly the same story.

The real ResNet-18 uses exactly this recipe: batch norm after every convolution **and** a shortcut around every
pair of 3×3 convolutions. The next lesson reads its whole architecture off the real model.`,
        },
        { kind: 'figure', component: ExperimentPanel, props: { exp }, alt: panelAlt },
      ],
    },
    recapStep([
      'Deeper plain networks can train *worse* than shallower ones — higher training loss, not [[overfitting]]: He et al. called it the degradation problem.',
      'Same layers, same data, same starting weights: only the shortcut "$+\\,h$" separates the residual net from the plain one, and it trains far better.',
      `With [[batch norm]] the plain net's [[gradient|gradients]] do not vanish (its first layer's is larger at step 1): the trouble is optimisation. Without batch norm they do vanish, and the plain net stalls at the loss $\\ln 2$ of a 50/50 guess.`,
    ], [
      { q: 'Why is a deeper plain network\'s higher *training* loss not overfitting?', a: 'Overfitting means fitting the training data well and new data badly. Here the deep network fits even its training data worse, although it could copy the shallow one with its extra layers doing nothing: the optimiser fails to find those weights.' },
      { q: `With batch norm on, whose first layer gets the larger gradient at step 1 of the reference run: the plain net's or the residual net's?`, a: `The plain net's: more than ${C.bnPlainFirstGradTimesLarger}× the residual net's. Nothing vanished, yet the plain net trains worse.` },
      { q: 'Without batch norm the plain net\'s loss sits at about 0.693. Why that number?', a: 'It is $\\ln 2$, the [[cross-entropy]] of answering 50/50 for every point with two classes: $-\\ln 0.5$. The net has learned nothing.' },
    ]),
  ],
};

export default lesson;
