import type { LessonText } from '../types';
import { recapText } from '../../src/lib/text/recap';
import { BN_DEMO, BN_EPS, BN_KEEP } from './bnLesson';

/** 第 3 课（批量归一化与 ReLU）的中文：与 lesson.ts 同样的步骤和单元格，公式原样保留（由同样的常量生成）。 */
const D = BN_DEMO;

const text: LessonText = {
  title: '批量归一化与 ReLU',
  steps: [
    {
      title: '一个批次的特征图',
      cells: [
        `ResNet-18 中的每个卷积后面都跟着一个<strong>[[batch norm|批量归一化]]</strong>层，下文简称 BN。卷积输出的各个通道处在互不相关的尺度上——某个通道的值可能远高于零，另一个通道的值却在零以下、波动很小——而且随着权重的学习，这些尺度还会漂移。BN 把一个<strong>[[batch|批次]]</strong>的每个通道重新缩放到均值 0、方差 1，然后让网络自己选择一个缩放系数 $\\gamma$ 和一个平移量 $\\beta$。

这里是一个批次的 ${D.n} 张特征图，每张 ${D.size}×${D.size} 像素，有 ${D.means.length} 个通道（人工生成、固定随机种子，有意设置在不同的尺度上）。BN 对每个**通道**分别处理，并在其余所有维度上汇总：全部 ${D.n} 张图像和全部 ${D.size * D.size} 个位置，每个通道共 $m = N \\cdot H \\cdot W$ 个值：
$$\\mu_c = \\frac{1}{m}\\sum_{n,h,w} x_{nhwc}, \\qquad \\sigma_c^2 = \\frac{1}{m}\\sum_{n,h,w} (x_{nhwc} - \\mu_c)^2.$$`,
        {
          alt: `对 ${D.means.length} 个通道中的每一个，把全部 ${D.n} 张图像的同一通道并排显示，并附上色标；随后是一张表，列出每个通道的批次均值、有偏批次方差，以及方差加 epsilon 的平方根。`,
        },
      ],
    },
    {
      title: '归一化、缩放、平移——再加 ReLU',
      cells: [
        `有了通道的统计量，每个值都要经过三步，在 ResNet 中随后还有一个 [[ReLU]]：
$$\\hat x = \\frac{x - \\mu_c}{\\sqrt{\\sigma_c^2 + \\varepsilon}}, \\qquad y = \\gamma_c\\,\\hat x + \\beta_c, \\qquad
\\mathrm{ReLU}(y) = \\max(0, y).$$
$\\varepsilon = ${BN_EPS}$（PyTorch 的默认值）只是为了防止除以零。$\\gamma$ 和 $\\beta$ 按通道学习；PyTorch 把它们初始化为 1 和 0，所以新建的 BN 层输出的恰好就是 $\\hat x$。下表对每个通道跟踪一个值走完每一步；修改 $\\gamma$ 和 $\\beta$，观察 $y$ 和 ReLU 如何变化。当 $\\beta = 0$、$\\gamma > 0$ 时，ReLU 恰好把低于本通道均值的值置零（$\\gamma < 0$ 时置零的是高于均值的值，$\\gamma = 0$ 时则全部置零）；负的 $\\beta$ 会置零更多的值，正的则更少。`,
        {
          alt: '一张每个通道占一行的表：可编辑的 gamma 和 beta，然后是一个输入值 x、x 减去均值、归一化后的值、gamma 乘以它再加 beta，以及 ReLU。下方是第一张图像在每个阶段的样子：输入、归一化后、缩放平移后、经过 ReLU 后，各带色标。',
        },
      ],
    },
    {
      title: '训练模式与评估模式',
      cells: [
        `批次统计量需要一个批次。当训练好的网络给**一张**照片分类时，没有批次可以求平均——而且它的答案不应该取决于恰好有哪些别的照片和它一起被处理。所以 BN 为每个通道保存<strong>[[running statistics|滑动统计量]]</strong>，并有两种模式：

- **训练模式**：用批次的 $\\mu$ 和 $\\sigma^2$ 做归一化，并更新滑动估计 $\\hat\\mu \\leftarrow ${BN_KEEP}\\,\\hat\\mu + ${(1 - BN_KEEP).toFixed(1)}\\,\\mu$ 和 $\\hat\\sigma^2 \\leftarrow ${BN_KEEP}\\,\\hat\\sigma^2 + ${(1 - BN_KEEP).toFixed(1)}\\,\\sigma^2 \\tfrac{m}{m-1}$——PyTorch 的“[[momentum]] 0.1”意思是*保留 0.9*；而且滑动方差用的是**无偏**批次方差，批次本身却是用有偏方差归一化的；
- **评估模式**：用滑动的 $\\hat\\mu$、$\\hat\\sigma^2$ 做归一化；什么都不更新，每张图像都单独处理。

PyTorch 把滑动统计量初始化为 $\\hat\\mu = 0$、$\\hat\\sigma^2 = 1$。在类似这样的批次上训练 $k$ 步之后，滑动均值已向批次均值走完了 $1 - 0.9^k$ 的路程：5 步后为 41%，22 步后为 90%。（Keras 和 tfjs 的层对动量的计法正好相反：它们的动量是滑动值**保留**的比例，$\\hat\\mu \\leftarrow m\\,\\hat\\mu + (1 - m)\\,\\mu$。它们的默认值 $m = 0.99$ 相当于 PyTorch 的动量 0.01，而 PyTorch 的 0.1 相当于它们的 0.9；它们默认的 $\\varepsilon$ 是 $10^{-3}$。在框架之间迁移模型时，必须把 $\\varepsilon$ 和换算后的动量一起带过去。）`,
        {
          alt: '一个设置训练步数的滑块，以及一张表，列出 BN 输出每个通道的均值和标准差：训练模式下、滑动统计量从未更新的评估模式下、以及训练了这么多步之后的评估模式下；然后是滑动统计量，以及在每种模式下把图像 1 单独处理时其输出的变化有多大。',
          props: {
            labels: {
              train: '训练模式（批次统计量）',
              evalFresh: '评估模式，滑动统计量从未更新',
              evalWarm: '训练 {k} 步之后的评估模式',
              alone: '把图像 1 单独归一化（而不是在批次中）时，其输出的最大变化——',
            },
          },
        },
        `把这张表当作一份经典 bug 清单来读：

- **评估模式下用的是从未训练过的滑动统计量**（新建的模型，或者载入权重时没有带上 \`running_mean\`/\`running_var\`）：BN 除以 $\\sqrt{1 + \\varepsilon}$、减去 0，所以各通道保持原始尺度——什么都没有被归一化，后面的每一层看到的都是它从未训练过的输入。
- **推理时用了训练模式**，或者训练模式下**批次只有一张图**：图像用它自己的统计量归一化，所以输出取决于批次里还有什么（上面“单独处理”那一行）——而在单张图像上取值恒定的通道，无论原来的值是多少，都会变成全是 $\\beta$。把滑块分别拖到 0 和 60，比较各行。
- PyTorch 中的修正办法是推理前调用 \`model.eval()\`（再次训练前调用 \`model.train()\`）；出于同样的原因，本笔记本的 ResNet-18 在每次前向传播时都要传入 \`training: true | false\`。

在 PyTorch 中，对形状为 $[N, C, H, W]$ 的批次 \`x\` 使用一个 BN 层，写法相同：

\`\`\`python
bn = torch.nn.BatchNorm2d(64)  # momentum=0.1, eps=1e-5; running_mean = 0, running_var = 1; gamma = 1, beta = 0
bn.train()
y = bn(x)   # normalised with x's own per-channel mean and (biased) variance;
            # running_mean <- 0.9 * running_mean + 0.1 * batch mean (running_var gets the unbiased variance)
bn.eval()
y = bn(x)   # normalised with running_mean and running_var; nothing is updated
\`\`\``,
      ],
    },
    recapText([
      '[[batch norm|批量归一化]]对每个通道单独处理：在[[batch|批次]]中对该通道的全部 $N\\cdot H\\cdot W$ 个值求平均，归一化到均值 0、方差 1（$\\varepsilon = 10^{-5}$ 防止除以零），然后乘以 $\\gamma$ 缩放、加上 $\\beta$ 平移。',
      '训练模式下它使用批次的统计量，并更新[[running statistics|滑动统计量]]（PyTorch 保留旧值的 0.9：即它的“momentum 0.1”；Keras 和 tfjs 的计法相反，它们的 0.99 相当于 PyTorch 的 0.01）。评估模式下它使用滑动统计量，因此每张图像都单独处理。',
      '在 $\\beta = 0$、$\\gamma > 0$ 的 BN 之后接一个 [[ReLU]]，会把低于本通道均值的值置零。',
    ], [
      { q: '一个由 8 张 14×14、64 个通道的特征图组成的批次经过 BN。每个通道的均值是对多少个值求的？一共有多少个均值？', a: '每个均值对 $8\\cdot 14\\cdot 14 = 1{,}568$ 个值求得，共 64 个均值，每个通道一个。' },
      { q: 'PyTorch 把滑动均值初始化为 0，动量为 0.1。在均值始终为 $\\mu$ 的批次上训练 5 步之后，滑动均值向 $\\mu$ 移动了多少？', a: '走完了 $1 - 0.9^5 \\approx 0.41$ 的路程：41%，与模式表中 5 步时显示的一致。' },
      { q: '为什么在给一张照片分类之前要调用 `model.eval()`？', a: '训练模式下，BN 用照片所在批次自身的统计量对它归一化，所以答案取决于批次里还有哪些别的照片（而只有一张图的批次会把在这张照片上取值恒定的每个通道都压平成 $\\beta$）。评估模式使用滑动统计量，对每张照片都一样。' },
    ]),
  ],
};

export default text;
