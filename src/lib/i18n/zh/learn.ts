/** The training lessons' figures: How a network learns, The residual block, Why residuals train. */
export default {
  // How a network learns — errors (the thing that failed is the sentence's subject)
  '{what} could not be computed: {reason}': '{what}无法计算：{reason}',
  'The loss surface': '损失曲面',
  'The loss': '损失',
  'Gradient descent': '梯度下降',
  'The optimisers': '各优化器的轨迹',
  'The gradient': '梯度',
  'The batch gradients': '批次梯度',
  'The table of batch sizes': '各批次大小的对照表',
  'The learning rate must be a positive number, got {lr}.': '学习率必须是正数，收到的是 {lr}。',
  'A batch holds 1 to {n} points, got {batch}.': '一个批次应含 1 到 {n} 个点，收到的是 {batch}。',
  'The true class must be one of the {n} classes, got {label}.': '真实类别必须是这 {n} 个类别之一，收到的是 {label}。',
  'No conv weight at row {u}, column {v}, filter {c} (rows and columns 0–2, filters 0–1).':
    '第 {u} 行、第 {v} 列、卷积核 {c} 处没有卷积权重（行和列为 0–2，卷积核为 0–1）。',

  // Step 1: logits, softmax, cross-entropy
  cat: '猫',
  dog: '狗',
  ship: '船',
  frog: '青蛙',
  'True class of this image': '这张图片的真实类别',
  'logit z for {name}': '“{name}”的 logit z',
  "Cross-entropy loss: {loss} (the network's probability for the true class, {name}, is {p} %).":
    '交叉熵损失：{loss}（网络给真实类别“{name}”的概率是 {p} %）。',

  // Step 2: gradient descent
  start: '起点',
  minimum: '最小值',
  'Learning rate': '学习率',
  Steps: '步数',
  'Contour lines of the loss over the two weights, with the path of gradient descent from the start point':
    '两个权重上损失的等高线，以及梯度下降从起点出发走过的路径',
  'gradient descent, lr {lr}': '梯度下降，学习率 {lr}',
  'Loss after {n} steps with learning rate {lr}: {loss} (start {start}; the lowest possible, at the minimum, is {min}).':
    '学习率为 {lr} 时，{n} 步之后的损失：{loss}（起始为 {start}；可能的最低值，即最小值处的损失，为 {min}）。',
  'At step {n} the loss no longer fits in a float32 number: the weights have grown past anything float32 can hold.':
    '到第 {n} 步，损失已无法用 float32 数表示：权重已经大到超出 float32 能容纳的任何值。',
  loss: '损失',
  step: '步',
  'loss (log scale)': '损失（对数刻度）',
  'Loss after each step of gradient descent': '梯度下降每一步之后的损失',

  // Step 3: backpropagation
  'Input picture x, 5 by 5; the nine values multiplied by the chosen weight are highlighted': '输入图片 x，5×5；所选权重所乘的九个值已高亮',
  'The chosen filter, 3 by 3, with the chosen weight ringed': '所选卷积核，3×3，所选权重已圈出',
  Filter: '卷积核',
  'Weight row': '权重所在行',
  'Weight column': '权重所在列',
  'True class': '真实类别',
  'filter {c}, weight w ringed': '卷积核 {c}，圈出的是权重 w',
  'Softmax q = ({q}), loss L = {loss}; q − t = ({dz}); row {c} of the fc weights W = ({row}).':
    'softmax 输出 q = ({q})，损失 L = {loss}；q − t = ({dz})；全连接层权重 W 的第 {c} 行 = ({row})。',
  'chain rule (by hand)': '链式法则（手算）',
  'finite difference, h = {h}': '有限差分，h = {h}',
  'Differences: chain rule − tf.grad = {a}, chain rule − finite difference = {b} ({why}).':
    '差值：链式法则 − tf.grad = {a}，链式法则 − 有限差分 = {b}（{why}）。',
  'float32 rounding': 'float32 舍入误差',
  'float32 rounding and the curvature over ±h': 'float32 舍入误差，以及损失在 ±h 范围内的弯曲',
  'Here a pre-activation': '这里有一个激活前的值',
  "lies within ±h·x of 0, so w ± h moves it across the ReLU's kink and the finite difference mixes the two sides.":
    '与 0 的距离不超过 ±h·x，所以把 w 改为 w ± h 会让它越过 ReLU 的折点，有限差分把折点两侧混在了一起。',

  // Step 4: optimisers
  'SGD, lr 0.1': 'SGD，学习率 0.1',
  'SGD + momentum 0.9, lr 0.1': 'SGD + 动量 0.9，学习率 0.1',
  'Adam, lr 0.1': 'Adam，学习率 0.1',
  'SGD + weight decay λ (L2), lr 0.1': 'SGD + 权重衰减 λ（L2），学习率 0.1',
  'Adam + weight decay λ (L2, coupled), lr 0.1': 'Adam + 权重衰减 λ（L2，耦合式），学习率 0.1',
  'AdamW, weight decay λ (decoupled), lr 0.1': 'AdamW，权重衰减 λ（解耦式），学习率 0.1',
  'min L': 'L 最小值',
  'min L + λ‖w‖²/2': 'L + λ‖w‖²/2 最小值',
  'Weight decay λ': '权重衰减 λ',
  'Contour lines of the loss with one trajectory per optimiser from the same start': '损失的等高线，以及每个优化器从同一起点出发的轨迹',
  optimiser: '优化器',
  'loss L(w)': '损失 L(w)',
  'minimum of L': 'L 的最小值',
  'minimum of L + (λ/2)‖w‖², λ = {lambda}': 'L + (λ/2)‖w‖² 的最小值，λ = {lambda}',
  'Where each run is after {n} steps from ({x}, {y}).': '每次运行从 ({x}, {y}) 出发、走了 {n} 步之后所在的位置。',

  // Step 5: mini-batches, validation
  '≈ 0 (rounding)': '≈ 0（舍入误差）',
  'Batch size B': '批次大小 B',
  'of {n} points': '（共 {n} 个点）',
  Where: '位置',
  'at the start point': '在起点',
  'at the minimum': '在最小值处',
  'Contour lines of the loss; from one point, the step direction of the full gradient (black) and of forty mini-batches (red)':
    '损失的等高线；从同一点出发，完整梯度（黑色）和四十个小批量（红色）各自的步进方向',
  'Full gradient g = ({g1}, {g2}), ‖g‖² = {norm}.': '完整梯度 g = ({g1}, {g2})，‖g‖² = {norm}。',
  'Over {draws} batches of {batch}: mean': '在 {draws} 个大小为 {batch} 的批次上：平均',
  '; the formula gives': '；公式给出',
  '.': '。',
  mean: '平均',
  ', measured': '（实测）',
  'Settings tried, K': '尝试的设置数 K',
  'Validation images, n': '验证图片数 n',
  'Draw again': '再抽一次',
  'Every setting is right on each image with probability {p}, independently of the others. Picking the one with the best validation score, its validation score is on average {best} (exact, for K = {k} and n = {n}); on a test set that chose nothing, it scores {p} on average.':
    '每种设置在每张图片上答对的概率都是 {p}，且彼此独立。挑出验证分数最高的那一种，它的验证分数平均为 {best}（K = {k}、n = {n} 时的精确值）；而在没有参与任何选择的测试集上，它的平均得分是 {p}。',
  'This draw: the chosen setting ({i} of {k}) scores {val} on validation and {test} on {n} fresh test images.':
    '这一次抽取：选中的设置（{k} 种中的第 {i} 种）在验证集上得分 {val}，在 {n} 张全新测试图片上得分 {test}。',
  // The residual block
  Cat: '猫',
  Coffee: '咖啡',
  Astronaut: '宇航员',
  'Could not compute the block for this picture: {reason}': '无法为这张图片计算残差块：{reason}',
  'Photo fed through the stem': '送入主干入口的照片',
  'computing…': '正在计算…',
  'Computing the block…': '正在计算残差块…',
  'Computing the gradients…': '正在计算梯度…',
  "Parameter counts of each stage's first block": '每个阶段第一个块的参数量',
  'block 1 of': '第 1 个块，位于',
  channels: '通道数',
  shortcut: '捷径',
  total: '合计',
  projection: '投影',
  identity: '恒等',
  'conv 3×3': '3×3 卷积',
  '1×1 conv,': '1×1 卷积，',
  'stride 2, BN': '步幅 2，BN',
  'A basic residual block': '一个基本残差块',
  'The input x goes down the main path: 3×3 convolution, batch norm, ReLU, 3×3 convolution, batch norm; that path computes F(x). A shortcut carries x around it to a sum, F(x) + x, and a ReLU after the sum gives the output. Where a block halves the size and doubles the channels, the shortcut is a projection instead: a 1×1 convolution with stride 2 and batch norm, drawn dashed.':
    '输入 x 沿主路径向下：3×3 卷积、批量归一化、ReLU、3×3 卷积、批量归一化；这条路径计算 F(x)。一条捷径连接把 x 绕过主路径送到加法节点，得到 F(x) + x，加法之后的 ReLU 给出输出。在把尺寸减半、通道数加倍的块中，捷径换成投影：一个步幅为 2 的 1×1 卷积加批量归一化，用虚线画出。',
} satisfies Record<string, string>;
