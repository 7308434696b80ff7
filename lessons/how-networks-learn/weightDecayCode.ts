/**
 * The PyTorch code step 4 prints, as markdown code blocks: weight decay done right three ways, and the
 * broken "L2 regularisation" line a circulating ResNet-18 tutorial gives (it raises a TypeError).
 */
const fence = (lines: string[]) => ['```python', ...lines, '```'].join('\n');

/** Coupled L2 in the optimiser or in the loss, and decoupled decay with AdamW. */
export const L2_CODE = fence([
  'import torch',
  '# coupled L2: the optimiser adds weight_decay * w to every gradient',
  'opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)',
  'opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=5e-4)  # L2 inside Adam',
  '# the same L2 written into the loss (its gradient is weight_decay * w); then no weight_decay above',
  'loss = criterion(model(x), y) + 5e-4 / 2 * sum((p ** 2).sum() for p in model.parameters())',
  '# decoupled: w shrinks by lr * weight_decay outside Adam\'s division (PyTorch\'s default is 1e-2)',
  'opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)',
]);

/** The tutorial's line, verbatim. */
export const SEED_L2_CODE = fence([
  'weight_decay = 0.001',
  'loss_function = nn.CrossEntropyLoss() + weight_decay * nn.MSELoss(model.parameters())',
]);
