/**
 * The ResNet-18 architecture as data: a configuration and the list of layer nodes (topological order)
 * that the forward pass walks and the summary reads. No tensors here — the graph is plain objects.
 */

/** 'imagenet': 7×7/2 stem + 3×3/2 max-pool, 224²; 'cifar': 3×3/1 stem, no max-pool, 32². */
export type Variant = 'imagenet' | 'cifar';

/** What varies between the ResNet-18s this notebook builds. */
export interface ResNetConfig {
  /** Stem layout, see {@link Variant}. */
  variant: Variant;
  /** Width of the final fully connected layer. */
  numClasses: number;
  /** Scales every channel count (64·w, 128·w, 256·w, 512·w, rounded, at least 1). 1 = torchvision. */
  widthMultiplier: number;
  /** Square input side in pixels, used by the summary (the forward pass accepts any size). */
  inputSize: number;
}

/** One node of the model graph. Names are stable and readable: 'stage2.block1.conv1', 'head.fc'. */
export interface LayerNode {
  /** Unique name; a parameter of this node is '<name>.weight', '<name>.gamma', … */
  name: string;
  kind: 'conv' | 'bn' | 'relu' | 'maxpool' | 'add' | 'gap' | 'fc';
  /** Names of the producer nodes; 'input' is the image. */
  inputs: string[];
  stage: 'stem' | 'stage1' | 'stage2' | 'stage3' | 'stage4' | 'head';
  /** The residual block this node belongs to, e.g. 'stage2.block1'. */
  block?: string;
  kernel?: number;
  stride?: number;
  pad?: number;
  inChannels?: number;
  outChannels?: number;
}

/** Name of the graph's input (the preprocessed image batch). */
export const INPUT = 'input';

/** Fills in defaults: imagenet → 1000 classes at 224², cifar → 10 classes at 32²; width 1. Throws on nonsense. */
export function makeConfig(p: Partial<ResNetConfig> = {}): ResNetConfig {
  const variant = p.variant ?? 'imagenet';
  if (variant !== 'imagenet' && variant !== 'cifar') {
    throw new Error(`Unknown ResNet-18 variant "${String(variant)}": use 'imagenet' or 'cifar'.`);
  }
  const cfg: ResNetConfig = {
    variant,
    numClasses: p.numClasses ?? (variant === 'imagenet' ? 1000 : 10),
    widthMultiplier: p.widthMultiplier ?? 1,
    inputSize: p.inputSize ?? (variant === 'imagenet' ? 224 : 32),
  };
  if (!Number.isInteger(cfg.numClasses) || cfg.numClasses < 1) {
    throw new Error(`numClasses must be a positive integer, got ${cfg.numClasses}.`);
  }
  if (!(cfg.widthMultiplier > 0) || !Number.isFinite(cfg.widthMultiplier)) {
    throw new Error(`widthMultiplier must be a positive number, got ${cfg.widthMultiplier}.`);
  }
  if (!Number.isInteger(cfg.inputSize) || cfg.inputSize < 1) {
    throw new Error(`inputSize must be a positive integer, got ${cfg.inputSize}.`);
  }
  return cfg;
}

/** Channels of stage s (1..4) at width w: 64·2^(s−1)·w, rounded, at least 1. Stage 1 also sets the stem width. */
export function stageChannels(cfg: ResNetConfig, stage: number): number {
  return Math.max(1, Math.round(64 * 2 ** (stage - 1) * cfg.widthMultiplier));
}

type Stage = LayerNode['stage'];

/** Conv → BN (→ ReLU) helper: appends nodes and returns the last name. */
function convBn(
  nodes: LayerNode[], prefix: string, suffix: string, from: string, stage: Stage, block: string | undefined,
  conv: { kernel: number; stride: number; pad: number; inChannels: number; outChannels: number },
): string {
  nodes.push({ name: `${prefix}.conv${suffix}`, kind: 'conv', inputs: [from], stage, block, ...conv });
  const c = conv.outChannels;
  nodes.push({ name: `${prefix}.bn${suffix}`, kind: 'bn', inputs: [`${prefix}.conv${suffix}`], stage, block, inChannels: c, outChannels: c });
  return `${prefix}.bn${suffix}`;
}

/**
 * A basic block (He et al. 2015, fig. 2): out = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), where the
 * shortcut is a 1×1 stride-s conv + BN exactly when torchvision has one (stride ≠ 1 or channels change),
 * otherwise the identity.
 */
function basicBlock(nodes: LayerNode[], block: string, stage: Stage, from: string, inC: number, outC: number, stride: number): string {
  const b = convBn(nodes, block, '1', from, stage, block, { kernel: 3, stride, pad: 1, inChannels: inC, outChannels: outC });
  nodes.push({ name: `${block}.relu1`, kind: 'relu', inputs: [b], stage, block, inChannels: outC, outChannels: outC });
  const main = convBn(nodes, block, '2', `${block}.relu1`, stage, block, { kernel: 3, stride: 1, pad: 1, inChannels: outC, outChannels: outC });
  let skip = from;
  if (stride !== 1 || inC !== outC) {
    nodes.push({ name: `${block}.shortcut.conv`, kind: 'conv', inputs: [from], stage, block, kernel: 1, stride, pad: 0, inChannels: inC, outChannels: outC });
    nodes.push({ name: `${block}.shortcut.bn`, kind: 'bn', inputs: [`${block}.shortcut.conv`], stage, block, inChannels: outC, outChannels: outC });
    skip = `${block}.shortcut.bn`;
  }
  nodes.push({ name: `${block}.add`, kind: 'add', inputs: [main, skip], stage, block, inChannels: outC, outChannels: outC });
  nodes.push({ name: `${block}.relu2`, kind: 'relu', inputs: [`${block}.add`], stage, block, inChannels: outC, outChannels: outC });
  return `${block}.relu2`;
}

/** The full graph for a configuration: stem, 4 stages × 2 basic blocks, global average pool, fc. */
export function buildGraph(cfg: ResNetConfig): LayerNode[] {
  const nodes: LayerNode[] = [];
  const stemC = stageChannels(cfg, 1);
  const stemConv = cfg.variant === 'imagenet' ? { kernel: 7, stride: 2, pad: 3 } : { kernel: 3, stride: 1, pad: 1 };
  const bn = convBn(nodes, 'stem', '', INPUT, 'stem', undefined, { ...stemConv, inChannels: 3, outChannels: stemC });
  nodes.push({ name: 'stem.relu', kind: 'relu', inputs: [bn], stage: 'stem', inChannels: stemC, outChannels: stemC });
  let prev = 'stem.relu';
  if (cfg.variant === 'imagenet') {
    nodes.push({ name: 'stem.maxpool', kind: 'maxpool', inputs: [prev], stage: 'stem', kernel: 3, stride: 2, pad: 1, inChannels: stemC, outChannels: stemC });
    prev = 'stem.maxpool';
  }
  let inC = stemC;
  for (let s = 1; s <= 4; s++) {
    const outC = stageChannels(cfg, s);
    const stage = `stage${s}` as Stage;
    for (let b = 1; b <= 2; b++) {
      const stride = s > 1 && b === 1 ? 2 : 1;
      prev = basicBlock(nodes, `${stage}.block${b}`, stage, prev, inC, outC, stride);
      inC = outC;
    }
  }
  nodes.push({ name: 'head.gap', kind: 'gap', inputs: [prev], stage: 'head', inChannels: inC, outChannels: inC });
  nodes.push({ name: 'head.fc', kind: 'fc', inputs: ['head.gap'], stage: 'head', inChannels: inC, outChannels: cfg.numClasses });
  return nodes;
}

/**
 * Aliases the forward pass understands besides node names: 'stem' (after max-pool for imagenet, after the
 * stem ReLU for cifar — HF's "embedder"), 'stageS.blockB' (= its relu2) and 'stageS' (= its last block).
 * Returns alias → node name.
 */
export function boundaryAliases(graph: LayerNode[]): Map<string, string> {
  const aliases = new Map<string, string>();
  const stem = graph.filter((n) => n.stage === 'stem');
  aliases.set('stem', stem[stem.length - 1].name);
  for (const n of graph) {
    if (n.block && n.name === `${n.block}.relu2`) {
      aliases.set(n.block, n.name);
      aliases.set(n.stage, n.name); // later blocks of a stage overwrite earlier ones
    }
  }
  return aliases;
}
