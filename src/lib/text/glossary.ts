/**
 * The notebook's glossary: every term defined once, in plain words (no TeX: definitions show in a tooltip).
 * Lesson prose marks a use of a term as [[term]] or [[term|shown words]] (src/lib/text/prose.ts).
 */

/** One glossary entry: the headword, other spellings that resolve to it, and its definition. */
export interface GlossaryEntry {
  term: string;
  aliases?: string[];
  definition: string;
}

/** All entries, in the order a learner meets them. */
export const GLOSSARY: GlossaryEntry[] = [
  { term: 'tensor', aliases: ['tensors'], definition: 'An array of numbers with a shape, such as [1, 224, 224, 3]: one picture, 224×224 pixels, 3 colour channels.' },
  { term: 'channel', aliases: ['channels'], definition: 'One of the stacked grids in a tensor: red, green and blue for a photo; one per filter for a layer’s output.' },
  { term: 'kernel', aliases: ['kernels', 'filter', 'filters'], definition: 'The small grid of learned weights a convolution slides over its input; a k×k kernel has k·k weights per input channel, and a layer has one per output channel.' },
  { term: 'feature map', aliases: ['feature maps'], definition: 'One channel of a layer’s output: a grid with one number per position, saying how strongly that channel’s filter responded there.' },
  { term: 'stride', aliases: ['strides'], definition: 'How many pixels the window moves between one output value and the next. Stride 2 roughly halves the output’s height and width.' },
  { term: 'padding', definition: 'Values (zeros, for a convolution) added around the input’s border so the window can also sit over edge pixels. ResNet’s 3×3 convolutions use padding 1, which keeps the size at stride 1.' },
  { term: 'dilation', definition: 'Gaps between a kernel’s taps: with dilation d a k×k kernel spans d(k−1)+1 pixels per side with the same k·k weights. ResNet-18 uses dilation 1 everywhere.' },
  { term: 'receptive field', aliases: ['receptive fields'], definition: 'The region of the input picture that can change one output value. Each convolution or pooling layer widens it, and strides make later layers widen it faster.' },
  { term: 'pooling', aliases: ['max pooling', 'max-pool', 'average pooling'], definition: 'Summarising each window of a feature map by one number, its maximum (max pooling) or its mean (average pooling); there are no weights to learn.' },
  { term: 'global average pooling', definition: 'The mean of each whole feature map: ResNet-18 turns its last 512 maps of 7×7 into 512 numbers this way, whatever the picture’s size.' },
  { term: 'ReLU', definition: 'The activation max(0, x): negative values become 0, positive ones pass unchanged.' },
  { term: 'batch norm', aliases: ['batch normalisation', 'batch normalization', 'BN'], definition: 'Per channel: subtract the mean and divide by the standard deviation (the batch’s while training, the running statistics in evaluation), then scale by a learned γ and shift by a learned β.' },
  { term: 'running statistics', aliases: ['running mean', 'running variance'], definition: 'The per-channel mean and variance batch norm averages over training batches and uses instead of the batch’s own in evaluation mode. PyTorch updates them as running = 0.9·running + 0.1·batch (its momentum 0.1).' },
  { term: 'residual', aliases: ['residuals'], definition: 'F(x) in H(x) = F(x) + x: what a block’s layers add to their input, rather than the block’s whole output.' },
  { term: 'shortcut', aliases: ['shortcuts', 'identity shortcut', 'skip connection'], definition: 'The path that carries a block’s input x around its layers to the sum F(x) + x.' },
  { term: 'projection shortcut', aliases: ['projection shortcuts', 'projection'], definition: 'A shortcut through a 1×1 convolution (stride 2 when the size halves) and its own batch norm, used where a block changes the number of channels or the size, so that x matches F(x)’s shape.' },
  { term: 'logit', aliases: ['logits'], definition: 'A raw class score from the network’s last layer, before softmax: any real number. ResNet-18 gives 1,000 of them for ImageNet.' },
  { term: 'softmax', definition: 'Turns logits into probabilities that add up to 1: each class gets e^(its logit) divided by the sum of e^(logit) over all classes. Adding the same number to every logit changes nothing.' },
  { term: 'loss', aliases: ['loss function'], definition: 'One number that says how wrong the network is on some examples; training changes the weights to make it smaller.' },
  { term: 'cross-entropy', aliases: ['cross-entropy loss'], definition: 'The loss −log p, where p is the softmax probability given to the true class: 0 for a confident right answer, ln 10 ≈ 2.30 for a uniform guess among 10 classes, large for a confident wrong one.' },
  { term: 'gradient', aliases: ['gradients'], definition: 'The partial derivatives of the loss with respect to every weight: the direction in which the loss rises fastest. Training steps the other way.' },
  { term: 'backpropagation', aliases: ['backprop'], definition: 'Computing the gradient for every weight with the chain rule, from the loss back through the layers to the input, reusing the values the forward pass kept.' },
  { term: 'SGD', aliases: ['stochastic gradient descent', 'gradient descent'], definition: 'Stochastic gradient descent: after each batch, move every weight by −(learning rate)×(its gradient on that batch).' },
  { term: 'learning rate', aliases: ['learning rates'], definition: 'The step size of each update: the factor the gradient is multiplied by. Too small and training crawls; too large and the loss grows instead of shrinking.' },
  { term: 'momentum', definition: 'In SGD, a velocity that keeps a decaying sum of past gradients, v ← μ·v + g, and steps along it, w ← w − lr·v (PyTorch’s form, μ = 0.9 typically). Batch norm’s “momentum” is a different thing: its running-statistics rate.' },
  { term: 'Adam', definition: 'An optimiser that steps each weight by a running mean of its gradients divided by the square root of a running mean of their squares, so every weight gets its own step size.' },
  { term: 'weight decay', definition: 'A pull of every weight towards zero. torch.optim.SGD and Adam add λ·w to the gradient (the gradient of an L2 penalty λ/2·‖w‖²); AdamW instead shrinks the weights directly, decoupled from the gradient.' },
  { term: 'epoch', aliases: ['epochs'], definition: 'One pass over the whole training set.' },
  { term: 'batch', aliases: ['batches', 'mini-batch', 'mini-batches', 'batch size'], definition: 'The group of examples a training step processes together; the loss and its gradient are averaged over them.' },
  { term: 'validation set', aliases: ['validation'], definition: 'Examples kept out of training and used to compare runs, tune settings and stop early. Because those choices look at it, its score ends up optimistic.' },
  { term: 'test set', aliases: ['test split'], definition: 'Examples kept out of training and of every choice, scored once at the end: the honest estimate of accuracy on new data.' },
  { term: 'overfitting', definition: 'Fitting the training examples so closely that accuracy on new examples gets worse: training loss falls while validation loss rises.' },
  { term: 'augmentation', aliases: ['data augmentation'], definition: 'Random changes to training pictures (flips, crops, shifts) that keep their label, so the network sees more variety.' },
  { term: 'Grad-CAM', definition: 'A heat map of where the picture drives a class’s score: the last convolution layer’s feature maps, each weighted by the average gradient of the class score over its positions, summed, then passed through ReLU (Selvaraju et al., 2017).' },
  { term: 'top-1', aliases: ['top-1 accuracy'], definition: 'The share of pictures whose highest-scoring class is the right one.' },
  { term: 'top-5', aliases: ['top-5 accuracy'], definition: 'The share of pictures whose right class is among the five highest-scoring ones.' },
  { term: 'fine-tuning', aliases: ['fine-tune', 'fine-tuned'], definition: 'Continuing to train a network already trained on one task on new data, usually with a new last layer and a smaller learning rate.' },
  { term: 'quantization', aliases: ['quantisation', 'INT8'], definition: 'Storing numbers with fewer bits, such as 8-bit integers q with a scale s and zero point z, so that x ≈ s·(q − z): a smaller, often faster model, at a small cost in accuracy.' },
];

/** `[[term]]` or `[[term|shown words]]`; neither part may contain brackets, a bar or a line break. */
export const TERM_MARK = /\[\[([^[\]|\n]+?)(?:\|([^[\]|\n]+?))?\]\]/g;

const normal = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

const INDEX = new Map<string, GlossaryEntry>();
for (const e of GLOSSARY) {
  for (const name of [e.term, ...(e.aliases ?? [])]) {
    if (INDEX.has(normal(name))) throw new Error(`Glossary: "${name}" is defined twice`);
    INDEX.set(normal(name), e);
  }
}

/** The entry a term or alias names (case and spacing ignored), or undefined when the glossary has none. */
export function lookupTerm(name: string): GlossaryEntry | undefined {
  return INDEX.get(normal(name));
}

/** Every `[[term]]` / `[[term|shown]]` mark in a markdown string: the term part of each, in order. */
export function markedTerms(md: string): string[] {
  return Array.from(md.matchAll(TERM_MARK), (m) => m[1]);
}
