import type { Lesson } from '../types';
import { recapStep } from '../../src/lib/text/recap';
import { LogitsState, DescentState, OptimizerRace, BackpropState, BatchState, SurfaceGrid, SURFACE, LINE } from './LearnLesson.svelte';
import { LINE_DATA } from './surface';
import { BATCH_DRAWS } from './minibatch';
import LogitsFigure from './LogitsFigure.svelte';
import DescentFigure from './DescentFigure.svelte';
import BackpropFigure from './BackpropFigure.svelte';
import OptimizerFigure from './OptimizerFigure.svelte';
import BatchFigure from './BatchFigure.svelte';
import ValidationFigure from './ValidationFigure.svelte';
import { L2_CODE, SEED_L2_CODE } from './weightDecayCode';

/**
 * Between batch norm and the residual block: what training is. Loss, gradient descent, backpropagation,
 * momentum, Adam, weight decay, mini-batches, and train / validation / test — each computed live.
 */
const surface = new SurfaceGrid();
const [steep, flat] = SURFACE.curvatures;
const edge = 2 / steep;
const fastest = 2 / (steep + flat);

const lesson: Lesson = {
  id: 'how-networks-learn',
  title: 'How a network learns',
  steps: [
    {
      title: 'The loss: how wrong is one answer?',
      cells: [
        {
          kind: 'text',
          md: `So far every network in this notebook has run **forward**: a picture in, numbers out. From here on the
notebook is about how networks **learn**: the residual block's last step follows a gradient backwards through a
block, and the lesson after it trains two networks with SGD and momentum. So this lesson comes here, after the layers and
before the residual block, and defines those words — loss, gradient, backpropagation, learning rate, momentum,
weight decay, Adam, mini-batches, validation — with the convolution, pooling and ReLU you have already met.

A classifier's last layer gives one number per class, a **[[logit]]** $z_k$. **[[softmax|Softmax]]** turns the logits into
probabilities, positive and summing to 1:
$$p_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}}.$$
The **[[loss]]** says how wrong one answer is. For classification it is the **[[cross-entropy]]**, minus the log of the
probability given to the true class $y$:
$$L = -\\log p_y.$$
It is 0 only when $p_y = 1$ and grows without bound as $p_y \\to 0$. PyTorch's \`nn.CrossEntropyLoss\` takes the
logits, applies the softmax itself, and averages $L$ over a batch of images.`,
        },
        { kind: 'figure', component: LogitsFigure, props: { lesson: new LogitsState() },
          alt: 'Four sliders, one logit each for cat, dog, ship and frog, and a choice of the true class; beside each slider a bar of its softmax probability, the probability and the derivative of the loss with respect to that logit; below, the cross-entropy loss as a formula with its numbers.' },
        {
          kind: 'text',
          md: `Raise the true class's logit: its bar grows and the loss falls. Add the same amount to every logit and
nothing changes, because softmax only sees differences between logits. The last number on each row is the
**[[gradient]]** of the loss with respect to that logit,
$$\\frac{\\partial L}{\\partial z_k} = p_k - [k = y],$$
negative for the true class (raising it lowers the loss) and positive for the others; the four add up to zero.
Training changes the weights so that the logits move against these numbers, and the next steps show how.`,
        },
      ],
    },
    {
      title: 'Gradient descent and the learning rate',
      cells: [
        {
          kind: 'text',
          md: `A network's loss depends on its weights, so it is a surface over weight space — for ResNet-18 a space of
11,689,512 dimensions. A model with **two** weights can be drawn: fit $y \\approx w_1 x_1 + w_2 x_2$ to
${LINE.n} points by mean squared error (\`nn.MSELoss\`),
$$L(w) = \\frac{1}{N}\\sum_{i=1}^{N} (w_1 x_{i1} + w_2 x_{i2} - y_i)^2.$$
The points are seeded; $x_1$ and $x_2$ are correlated (ρ = ${LINE_DATA.rho}), which makes the surface a long,
narrow valley. Each contour line below joins weights with equal loss.

The **[[gradient]]** $\\nabla L = (\\partial L/\\partial w_1,\\ \\partial L/\\partial w_2)$ points in the direction in which
the loss rises fastest. **Gradient descent** steps the other way,
$$w \\leftarrow w - \\eta\\,\\nabla L(w),$$
and $\\eta$ is the **[[learning rate]]**. Every run starts at the same point; move the slider from 0.001 to 1.`,
        },
        { kind: 'figure', component: DescentFigure, props: { lesson: new DescentState(), surface },
          alt: 'A learning-rate slider and a choice of step count; contour lines of the loss over the two weights with the start point, the minimum and the path gradient descent takes; the loss after the last step; and a line chart of the loss after each step on a log scale.' },
        {
          kind: 'text',
          md: `What you saw has an exact explanation here. This surface is a quadratic bowl whose steepest and flattest
directions have curvatures $\\lambda_{\\max} = ${steep.toFixed(3)}$ and $\\lambda_{\\min} = ${flat.toFixed(3)}$ (the eigenvalues of
the matrix of second derivatives). Each step multiplies the offset from the minimum along each of these directions by
$1 - \\eta\\lambda$. Along the flat direction that factor is close to 1 for small $\\eta$, so descent crawls. Along
the steep one it drops below $-1$ once $\\eta > 2/\\lambda_{\\max} = ${edge.toFixed(3)}$: every step overshoots by more than
it corrects, and the weights run away. The fastest learning rate here is
$2/(\\lambda_{\\max} + \\lambda_{\\min}) = ${fastest.toFixed(3)}$, a little under that edge, where the steep direction
already zigzags. A deep network's loss is no single bowl, but near any point it curves like one, so a learning
rate that is too small or too large fails the same two ways there; the training studio stops a run whose loss
becomes infinite or NaN and asks whether the learning rate is too high.`,
        },
      ],
    },
    {
      title: 'Backpropagation: the chain rule, layer by layer',
      cells: [
        {
          kind: 'text',
          md: `A real network's gradient comes from **[[backpropagation]]**: the chain rule, applied from the loss back
through every layer, reusing the numbers the forward pass computed. Here is a network small enough to follow by
hand: a 5×5 picture $x$, a 3×3 convolution with two [[filter|filters]] and no [[padding]] (outputs $a$, 3×3×2), [[ReLU]] ($r$),
[[global average pooling]] as in ResNet-18's head ($p$, two numbers), a fully connected layer to three logits
$z = pW + b$, and the [[cross-entropy]] of step 1. Take one weight $w$ of filter $c$, at row $u$ and column $v$.
It reaches the loss through each of the nine outputs $a_{ij}$ of its filter, and from the pooled $p_c$ through
each of the three logits:
$$\\frac{\\partial L}{\\partial w} = \\sum_k \\frac{\\partial L}{\\partial z_k}\\,\\frac{\\partial z_k}{\\partial p_c}
\\sum_{i,j} \\frac{\\partial p_c}{\\partial r_{ij}}\\,\\frac{\\partial r_{ij}}{\\partial a_{ij}}\\,\\frac{\\partial a_{ij}}{\\partial w}$$
and every factor is simple: $\\partial L/\\partial z_k = q_k - t_k$ (step 1, with $q$ the softmax and $t$ the one-hot
target), $\\partial z_k/\\partial p_c = W_{ck}$, $\\partial p_c/\\partial r_{ij} = 1/9$ (an average of nine),
$\\partial r_{ij}/\\partial a_{ij}$ is 1 where $a_{ij} > 0$ and 0 elsewhere (the ReLU), and
$\\partial a_{ij}/\\partial w = x_{i+u,\\,j+v}$, the input value that $w$ multiplies for output $(i, j)$. Indices
count from 0, as in Python.`,
        },
        { kind: 'figure', component: BackpropFigure, props: { lesson: new BackpropState() },
          alt: 'Choices of filter, weight row and column and true class; the 5 by 5 input with the nine values the weight multiplies highlighted, and the filter with the weight ringed; the chain rule with its two factors as numbers; a table of the nine conv outputs, their ReLU gates and input values; and the derivative three ways — by the chain rule, by tf.grad and by a finite difference.' },
        {
          kind: 'text',
          md: `\`tf.grad\` runs backpropagation automatically, as \`loss.backward()\` does in PyTorch (reverse-mode automatic
differentiation). The **finite difference** $(L(w + h) - L(w - h))/2h$ runs the network forward only, twice. All
three agree — the finite difference to five or six decimals, because it divides float32 rounding by $2h$ and
sees the loss curve a little over $\\pm h$. The difference is the cost: backpropagation gives the derivative for every
weight at once for a small multiple of one forward pass, while finite differences need two forward passes per
weight — about 23.4 million for ResNet-18. Finite differences stay useful for one job: checking a gradient.`,
        },
      ],
    },
    {
      title: 'Momentum, Adam and weight decay',
      cells: [
        {
          kind: 'text',
          md: `Plain gradient descent zigzags across a narrow valley and crawls along it. Two remedies are in most
training scripts. **[[momentum|Momentum]]** (\`torch.optim.SGD(params, lr, momentum=0.9)\`) adds up past gradients into a
velocity $b$ and steps along it,
$$b \\leftarrow \\mu\\, b + \\nabla L(w), \\qquad w \\leftarrow w - \\eta\\, b,$$
so zigzags cancel while steps along the valley add up (a constant gradient builds up to $1/(1-\\mu) = 10$ times
the plain step). **[[Adam]]** (Kingma & Ba 2015, \`torch.optim.Adam\`) keeps, for each weight, running averages of the
gradient and of its square, and divides one by the square root of the other,
$$m \\leftarrow \\beta_1 m + (1-\\beta_1)\\, g, \\quad v \\leftarrow \\beta_2 v + (1-\\beta_2)\\, g^2, \\quad
w \\leftarrow w - \\eta\\, \\frac{m / (1-\\beta_1^t)}{\\sqrt{v / (1-\\beta_2^t)} + \\epsilon},$$
with PyTorch's defaults $\\beta_1 = 0.9$, $\\beta_2 = 0.999$, $\\epsilon = 10^{-8}$ ($t$ counts the steps). A weight whose
gradient keeps its sign moves by about $\\eta$ per step whether that gradient is large or small, so the flat
direction is no longer slow. The runs below use the same optimiser code (torch.optim's update rules) as the
training studio.`,
        },
        { kind: 'figure', component: OptimizerFigure, props: { lesson: new OptimizerRace(['sgd', 'momentum', 'adam']), surface, testid: 'race-speed' },
          alt: 'Contour lines of the loss with three trajectories from the same start: SGD, SGD with momentum 0.9 and Adam, all with learning rate 0.1; a choice of step count; and a table of where each run ended and its loss.' },
        {
          kind: 'text',
          md: `**[[weight decay|Weight decay]]** pulls every weight towards zero a little at each step, so the network prefers small weights
(a regulariser: it gives up a little training loss, usually for better results on new images). It comes in two
forms that are not the same:

- **coupled**, also called **L2 regularisation**: add $\\tfrac{\\lambda}{2}\\lVert w \\rVert^2$ to the loss, which adds
  $\\lambda w$ to the gradient. \`weight_decay=λ\` does this in \`torch.optim.SGD\` and in \`torch.optim.Adam\`: the
  optimiser treats $g + \\lambda w$ like any gradient, so Adam also divides it by $\\sqrt{v}$;
- **decoupled**: shrink the weights directly, $w \\leftarrow w - \\eta\\lambda w$, beside the gradient step and outside
  Adam's division. That is \`torch.optim.AdamW\` (Loshchilov & Hutter 2019).

For plain SGD the two are one update, $w - \\eta(g + \\lambda w) = w - \\eta\\lambda w - \\eta g$; with momentum or Adam they
differ.`,
        },
        { kind: 'figure', component: OptimizerFigure, props: { lesson: new OptimizerRace(['sgd-l2', 'adam-l2', 'adamw']), surface, decay: true, testid: 'race-decay' },
          alt: 'A choice of weight decay λ and of step count; contour lines of the loss with trajectories of SGD with L2, Adam with L2 and AdamW, the minimum of the loss and the minimum of the loss plus the L2 penalty; and a table of where each run ended.' },
        {
          kind: 'text',
          md: `With exact gradients, as here, SGD and Adam with L2 both settle where $\\nabla L + \\lambda w = 0$, the minimum of
$L + \\tfrac{\\lambda}{2}\\lVert w \\rVert^2$ (its closed form is the last row of the table). AdamW has no such target:
its shrink $\\eta\\lambda w$ is not divided by $\\sqrt{v}$ and its gradient step is, so where they balance depends on
$\\eta$ and on Adam's running averages — compare 100 and 1000 steps. In real training the gradients are noisy; then
L2 inside Adam pulls least on the weights with large or noisy gradients, while AdamW shrinks every weight by the
same factor $1 - \\eta\\lambda$ per step. Loshchilov & Hutter found that the decoupled form makes Adam generalise
better and makes the best $\\lambda$ depend less on the learning rate. In PyTorch:

${L2_CODE}

All of these decay every parameter they are given, BatchNorm's $\\gamma$ and $\\beta$ and the biases included, unless
those go in a parameter group with \`weight_decay=0\`. A ResNet-18 tutorial that circulates online gives this as
its L2 regularisation:

${SEED_L2_CODE}

It does not run: \`nn.MSELoss(...)\` builds a loss *module*, a function still waiting for a prediction and a
target, and Python cannot multiply a number by a module (a \`TypeError\`). The parameters are not used either: the
first argument of \`nn.MSELoss\` is its old \`size_average\` flag. And the idea is wrong: mean squared error compares
predictions with targets, while the L2 penalty is the sum of the squared weights — the line in the loss above, or
simply \`weight_decay\` in the optimiser.`,
        },
      ],
    },
    {
      title: 'Mini-batches, and train / validation / test',
      cells: [
        {
          kind: 'text',
          md: `The training loss is an average over all training images, and its exact gradient needs every one of them
for every step (50,000 for CIFAR-10). Instead each step takes a **[[mini-batch]]** of $B$ images drawn at random:
**[[stochastic gradient descent]]**. A batch gradient $g_B$ is the average of $B$ per-image gradients $g_i$, so it
scatters around the full gradient $g$; for batches drawn without replacement from $N$,
$$\\mathbb{E}\\,\\lVert g_B - g \\rVert^2 = \\frac{N - B}{N - 1}\\cdot\\frac{\\sigma^2}{B}, \\qquad \\sigma^2 = \\frac{1}{N}\\sum_{i} \\lVert g_i - g \\rVert^2.$$
Four times the batch, about half the scatter. One pass over all $N$ images, $N/B$ steps, is an **[[epoch]]**. Below,
${BATCH_DRAWS} batches are drawn from the ${LINE.n} points of step 2, and forty of their steps are drawn as arrows.`,
        },
        { kind: 'figure', component: BatchFigure, props: { lesson: new BatchState(), surface },
          alt: 'A batch-size slider and a choice of place; contour lines of the loss with, from that place, the step direction of the full gradient and of forty mini-batches; the measured mean squared distance between batch and full gradient beside the formula; and a table of both for every batch size.' },
        {
          kind: 'text',
          md: `At the minimum the full gradient is zero but batch gradients are not, so SGD with a fixed learning rate keeps
jittering around the minimum — one reason learning-rate schedules lower the rate towards the end.

Training lowers the loss on the images it trains on; what counts is new images. So the data is split three ways:

- the **training set**, where the gradients come from;
- the **[[validation set]]**, never trained on, used to *choose*: when to stop (early stopping), the learning rate,
  the augmentation, the architecture;
- the **[[test set]]**, used once at the very end, to report how well the final choice does.

Why not report the validation score? Because choosing by it makes it optimistic. Suppose you try $K$ settings that
are in truth equally good and keep the one with the best validation score: that score is the best of $K$ noisy
measurements.`,
        },
        { kind: 'figure', component: ValidationFigure, props: {},
          alt: 'Choices of how many settings are tried and how many validation images score them; the exact expected validation score of the winner next to the true accuracy of 70 %; and one random draw: the winner’s validation score and its score on fresh test images, with a button to draw again.' },
        {
          kind: 'text',
          md: `Early stopping is such a choice too, made among epochs: once the validation set has picked the epoch, its
score at that epoch is no longer an independent estimate. He et al. chose when to stop their CIFAR training
(64k iterations) on a 45k/5k train/validation split, and reported errors on the 10,000 test images.`,
        },
      ],
    },
    recapStep([
      'The [[loss]] says how wrong the network is. For classification it is the [[cross-entropy]] $L = -\\log p_y$ of the [[softmax]] probability of the true class, and its [[gradient]] with respect to the logits is $p_k - [k = y]$.',
      `Gradient descent steps against the gradient, $w \\leftarrow w - \\eta\\,\\nabla L(w)$: a [[learning rate]] that is too small crawls, one above $2/\\lambda_{\\max}$ diverges. [[backpropagation|Backpropagation]] gives every weight's derivative at once by the chain rule, and agrees with \`tf.grad\` and a finite difference.`,
      '[[momentum|Momentum]] and [[Adam]] make the flat directions fast. [[weight decay|Weight decay]] is coupled L2 in `torch.optim.SGD` and `torch.optim.Adam`, decoupled in `torch.optim.AdamW`. Choosing by the [[validation set]] makes its score optimistic, so the [[test set]] is scored once, at the end.',
    ], [
      { q: 'Four logits are equal. What is the cross-entropy loss, and what changes if you add 5 to every logit?', a: 'Softmax gives each class $1/4$, so $L = -\\log(1/4) = \\ln 4 \\approx 1.386$. Adding 5 to every logit changes nothing: softmax only sees the differences between logits.' },
      { q: `On the surface of step 2, what does gradient descent do with learning rate 0.6, and why?`, a: `It diverges: $0.6 > 2/\\lambda_{\\max} = ${edge.toFixed(3)}$, so each step multiplies the offset along the steep direction by $1 - 0.6 \\cdot ${steep.toFixed(3)} = ${(1 - 0.6 * steep).toFixed(2)}$, whose size is above 1: every step overshoots by more than it corrects.` },
      { q: 'You try 20 learning rates and report the best validation accuracy. Why is that number optimistic, and what should you report instead?', a: 'It is the best of 20 noisy measurements, so on average it is higher than the chosen setting\'s true accuracy (the figure of step 5 shows by how much). Report the chosen setting\'s accuracy on a [[test set]] that took part in no choice, scored once at the end.' },
    ]),
  ],
};

export default lesson;
