/**
 * The Python that rebuilds, in PyTorch, the module whose state_dict exportTorchvision writes for a configuration.
 * Stock `torchvision.models.resnet18` has stage widths 64/128/256/512 fixed in ResNet.__init__, so it fits only
 * width 1; other widths subclass torchvision's ResNet and map each of its stage widths to ours in `_make_layer`
 * (torchvision's own block and shortcut logic then builds every layer), and replace the three modules built
 * before or outside `_make_layer` (conv1, bn1 with the stem's width; fc with the last stage's).
 */
import { stageChannels, type ResNetConfig } from '../architecture';

/** torchvision's stage widths, the keys `_make_layer` is called with. */
export const TORCHVISION_PLANES = [64, 128, 256, 512] as const;

/** Our channel count for each of torchvision's stage widths (stage s ↔ TORCHVISION_PLANES[s−1]). */
export function stageWidthMap(cfg: ResNetConfig): Map<number, number> {
  return new Map(TORCHVISION_PLANES.map((p, i) => [p, stageChannels(cfg, i + 1)]));
}

/** conv1's constructor for the variant and stem width (ImageNet: 7×7/2 pad 3; CIFAR: 3×3/1 pad 1). */
function stemConv(cfg: ResNetConfig, width: number): string {
  return cfg.variant === 'imagenet'
    ? `nn.Conv2d(3, ${width}, kernel_size=7, stride=2, padding=3, bias=False)`
    : `nn.Conv2d(3, ${width}, kernel_size=3, stride=1, padding=1, bias=False)`;
}

/** Lines that define `model` (torch.nn as nn and torchvision imported by the caller's lines). */
function constructorLines(cfg: ResNetConfig): string[] {
  const widths = stageWidthMap(cfg);
  const standard = TORCHVISION_PLANES.every((p) => widths.get(p) === p);
  const cifar = cfg.variant === 'cifar';
  if (standard) {
    return [`model = torchvision.models.resnet18(num_classes=${cfg.numClasses})`,
      ...(cifar ? [`model.conv1 = ${stemConv(cfg, 64)}  # CIFAR stem`, 'model.maxpool = nn.Identity()'] : [])];
  }
  const dict = TORCHVISION_PLANES.map((p) => `${p}: ${widths.get(p)}`).join(', ');
  return [
    'class NarrowResNet18(ResNet):',
    `    """torchvision's ResNet-18 with stage widths ${TORCHVISION_PLANES.map((p) => widths.get(p)).join(', ')} instead of 64, 128, 256, 512."""`,
    `    WIDTHS = {${dict}}`,
    '',
    '    def __init__(self, num_classes):',
    '        super().__init__(BasicBlock, [2, 2, 2, 2], num_classes=num_classes)',
    `        self.conv1 = ${stemConv(cfg, widths.get(64)!)}${cifar ? '  # CIFAR stem' : ''}`,
    `        self.bn1 = nn.BatchNorm2d(${widths.get(64)})`,
    ...(cifar ? ['        self.maxpool = nn.Identity()'] : []),
    `        self.fc = nn.Linear(${widths.get(512)}, num_classes)`,
    '',
    '    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):',
    '        if planes == 64:  # layer1 takes the stem\'s output',
    '            self.inplanes = self.WIDTHS[64]',
    '        return super()._make_layer(block, self.WIDTHS[planes], blocks, stride, dilate)',
    '',
    '',
    `model = NarrowResNet18(num_classes=${cfg.numClasses})`,
  ];
}

/**
 * Python (torch, torchvision, safetensors) that builds the module exportTorchvision's file for `cfg` fits and
 * loads `fileName` into it strictly. Plain text, one statement per line.
 */
export function torchvisionPython(cfg: ResNetConfig, fileName: string): string {
  const narrow = TORCHVISION_PLANES.some((p, i) => stageChannels(cfg, i + 1) !== p);
  return [
    narrow ? 'import torch.nn as nn' : 'import torch.nn as nn, torchvision',
    ...(narrow ? ['from torchvision.models.resnet import ResNet, BasicBlock'] : []),
    'from safetensors.torch import load_file',
    '',
    ...constructorLines(cfg),
    `model.load_state_dict(load_file(${JSON.stringify(fileName)}))`,
    'model.eval()',
  ].join('\n');
}
