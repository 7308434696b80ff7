import type { LessonText } from '../types';
import { recapText } from '../../src/lib/text/recap';
import { BLOCK_LESSON } from './blockLesson';

/** 《残差块》的中文文本：与 lesson.ts 同形（同样的步骤与单元格、同样的公式与代码）。 */
const C = BLOCK_LESSON.stemChannels;

/** 特征图各行的中文标题（顺序与 BlockTrace 的 titles 相同）。 */
const stageTitles = (shortcut: string) => ({
  x: 'x —— 块的输入（主干入口的输出）',
  conv1: 'conv₁（3×3）',
  bn1: 'BN₁',
  relu1: 'ReLU',
  conv2: 'conv₂（3×3）',
  f: 'F(x) = BN₂(conv₂(…))',
  shortcut,
  sum: 'F(x) + 捷径',
  out: 'out = ReLU(F(x) + 捷径)',
});

const text: LessonText = {
  title: '残差块',
  steps: [
    {
      title: 'H(x) = F(x) + x：学习残差',
      cells: [
        `**基本块**是搭建 ResNet-18 的单元，一共用了八个。它计算

$$F(x) = \\mathrm{BN}_2\\big(\\mathrm{conv}_2(\\mathrm{ReLU}(\\mathrm{BN}_1(\\mathrm{conv}_1(x))))\\big), \\qquad \\text{out} = \\mathrm{ReLU}\\big(F(x) + x\\big).$$

两个卷积都是 3×3、填充为 1、不带偏置（紧随其后的 BN 有自己的平移量 $\\beta$）。块内的层学习的是 $F$，即<strong>[[residual|残差]]</strong>：需要*加到* $x$ 上的部分，而不是整个映射 $H(x) = F(x) + x$。加法逐元素进行，所以 $F(x)$ 的形状必须与 $x$ 完全相同——后面几步会说明形状不同时怎么办。注意最后一个 [[ReLU]] 的位置：在加法**之后**。

ResNet-18 每个阶段有**两个**基本块，共四个阶段（2-2-2-2）。网上流传的一些表格写成每个阶段四个块；那不是 ResNet-18。`,
        {
          alt: '基本块示意图。输入 x 沿主路径向下：3×3 卷积、批量归一化、ReLU、3×3 卷积、批量归一化；这条路径计算 F(x)。一条捷径把 x 原样绕过主路径，送到加法节点形成 F(x) + x，加法之后的 ReLU 给出输出。捷径上的虚线框标出块把尺寸减半、通道数加倍时使用的投影：一个步幅为 2 的 1×1 卷积，再接批量归一化。',
          caption: '基本块。捷径传递的就是 x 本身；只有在阶段 2、3、4 的第一个块中形状发生变化，虚线所示的投影才取代它。',
        },
      ],
    },
    {
      title: '真实照片上的一个残差块',
      cells: [
        `下面，一张照片（长边 224 px，与 ResNet 的 224×224 输入相当）经过 ResNet 的**主干入口**（stem）——步幅为 2 的 7×7 卷积、BN、ReLU、步幅为 2 的 3×3 最大池化——得到 ${C} 张[[feature map|特征图]]，高和宽约为照片的四分之一（像素数为十六分之一）：这就是 $x$。然后在它上面运行一个恒等块，并画出每一个中间结果（${C} 个通道中的前 4 个；蓝色为负，白色为零，红色为正；每行一个色标）。

权重是**按固定种子随机生成的**（He 初始化，就像未训练的网络），不是训练好的——这些图仍然会对边缘和色块产生响应，因为照片里有这些东西。这里的 BN 用这张照片自己的统计量做归一化。真实的 ResNet-18 第一阶段有 64 个通道；这里只用 ${C} 个，让页面保持轻快。注意看 **F(x)**：经过 BN₂（初始 $\\gamma = 1$、$\\beta = 0$）之后，每个通道的平均值都是零，而加法把这个修正量加到 $x$ 上。`,
        {
          alt: `根据所选照片计算出的九行特征图：块输入 x（主干入口的输出，${C} 个通道）、conv1、BN1、ReLU、conv2、F(x)、恒等捷径（又是 x）、和 F(x) + x，以及经过 ReLU 后的输出。每行上方标有形状。`,
          props: { titles: stageTitles('捷径 = x（恒等）') },
        },
      ],
    },
    {
      title: '形状改变时：投影捷径',
      cells: [
        `阶段 2、3、4 的第一个块会把高和宽**减半**（它的 conv₁ 步幅为 2），并把通道数**加倍**。这时 $F(x)$ 的形状与 $x$ 不再相同，$x$ 无法直接相加。本笔记本搭建的 torchvision ResNet-18 使用<strong>[[projection shortcut|投影捷径]]</strong>（He 等人的选项 B）：一个步幅为 2 的 1×1 卷积，把 $C_\\text{in}$ 个通道映射为 $C_\\text{out}$ 个，后面接它自己的 BN，
$$\\text{out} = \\mathrm{ReLU}\\big(F(x) + \\mathrm{BN}_s(W_s * x)\\big).$$
它需要 $C_\\text{in} C_\\text{out}$ 个权重，外加 $2 C_\\text{out}$ 个 BN 参数。其余的块都保留不花参数的恒等捷径。（He 等人在 ImageNet 上比较了三种做法，见论文的表 3：A，恒等映射，多出来的通道全为零，完全没有参数；B，只在形状改变处使用投影；C，每个块都用投影。B 略好于 A，C 又略好于 B。他们在表 2 和图 4 中的 ResNet-18 和 ResNet-34 用的是 A，他们所有的 CIFAR 网络也都用 A；B 是 torchvision 的选择。）

这里，同一个主干入口输出经过一个步幅为 2、通道数 ${C} → ${2 * C} 的块：`,
        {
          alt: `下采样块的九行特征图：输入 x、步幅为 2 的 conv1（尺寸减半，${2 * C} 个通道）、BN1、ReLU、conv2、F(x)、投影捷径（步幅为 2 的 1×1 卷积加 BN，形状与 F(x) 相同）、二者之和，以及输出。`,
          props: { titles: stageTitles('捷径 = BNₛ(1×1 卷积，步幅 2)(x)') },
        },
        `在真实的 ResNet-18 中，捷径的开销如下（每个阶段的第一个块加上该阶段的恒等块，正好等于《整体架构》一课中该阶段的总数）：`,
        {
          alt: '表格：ResNet-18 每个阶段第一个块的参数量——两个卷积+BN 层、捷径（恒等捷径为零，投影为 in·out + 2·out）以及整个块的合计。',
          props: {
            rows: [
              { stage: '阶段 1', cin: 64, cout: 64, projection: false },
              { stage: '阶段 2', cin: 64, cout: 128, projection: true },
              { stage: '阶段 3', cin: 128, cout: 256, projection: true },
              { stage: '阶段 4', cin: 256, cout: 512, projection: true },
            ],
          },
        },
        `在阶段 2 中，投影占 $64 \\cdot 128 + 2 \\cdot 128 = 8{,}448$ 个参数，而整个块共有 230,144 个——与两个 3×3 卷积相比很小。`,
      ],
    },
    {
      title: '穿过加法的梯度',
      cells: [
        `训练时，一个[[gradient|梯度]] $u = \\partial L / \\partial H$ 被传回块的输出（在最后的 ReLU 之前）。由链式法则，设 $H(x) = F(x) + x$，
$$\\frac{\\partial L}{\\partial x} = \\Big(\\frac{\\partial F}{\\partial x}\\Big)^{\\!\\top} u + u \\qquad\\text{because}\\qquad \\frac{\\partial H}{\\partial x} = \\frac{\\partial F}{\\partial x} + I.$$
无论 $F$ 对梯度做了什么，捷径都把 $u$ 本身原封不动地送回来。这个图并不把这一点当作理所当然：它随机生成一个上游梯度 $u$（固定种子），然后让 TensorFlow.js（\`tf.grad\`）分别求 $\\langle u, F(x)\\rangle$ 和 $\\langle u, F(x) + x\\rangle$ 对 $x$ 的梯度，再把二者相减。

用 PyTorch 来写，设 \`layers\` 是块里的 conv-BN-ReLU-conv-BN，\`u\` 是从上面传来的梯度：

\`\`\`python x = x.detach().requires_grad_() h = layers(x) + x   # H(x) = F(x) + x, before the last ReLU h.backward(u)       # x.grad = (what flows back through layers) + u \`\`\``,
        {
          alt: '四行图，共用一个色标：上游梯度 u；只穿过残差分支的梯度；穿过整个块的梯度；以及二者之差，它看起来和 u 一模一样。下方打印出最后一行与 u 之间最大的绝对差。',
          props: {
            titles: {
              u: 'u —— 上游梯度 ∂L/∂H（随机，固定种子）',
              throughBranch: '∂⟨u, F(x)⟩/∂x —— 只穿过各层',
              throughBlock: '∂⟨u, F(x) + x⟩/∂x —— 穿过整个块',
              viaShortcut: '上面两行之差',
            },
            errorLabel: '所有值中 |差 − u| 的最大值（float32 舍入误差）：',
          },
        },
        `最后一行又是 $u$：这就是那个“$+\\,I$”。把许多块堆叠起来，到达靠前某个块的梯度就是 $u$ 加上一些修正项。在一个阶段之内，[[shortcut|捷径]]构成一条完全不乘任何权重的通路（只有每次加法之后的 ReLU 能把它关断）。在整个网络范围内则没有这样的通路：从损失往回的每条路都先要经过全连接层，而且在三处阶段交界，都必须穿过权重——要么是 1×1 投影捷径，要么是块自己的卷积。下一课会展示这对训练意味着什么。`,
      ],
    },
    recapText([
      '基本块计算 $\\text{out} = \\mathrm{ReLU}\\big(F(x) + x\\big)$，其中 $F(x) = \\mathrm{BN}_2(\\mathrm{conv}_2(\\mathrm{ReLU}(\\mathrm{BN}_1(\\mathrm{conv}_1(x)))))$：各层学习的是[[residual|残差]]，最后一个 ReLU 在加法之后。',
      '在把尺寸减半、通道数加倍的块中，torchvision 的 ResNet-18 使用[[projection shortcut|投影捷径]]：一个步幅为 2 的 1×1 卷积加上它自己的 BN，共 $C_\\text{in} C_\\text{out} + 2C_\\text{out}$ 个参数。',
      '反向传播时，加法把上游[[gradient|梯度]] $u$ 原样交给 $x$，再加上经由 $F$ 传回的部分：$\\partial L/\\partial x = (\\partial F/\\partial x)^\\top u + u$。',
    ], [
      { q: '阶段 3 的第一个块从 128 个通道变为 256 个通道，它的投影捷径有多少个参数？', a: '$128\\cdot 256 + 2\\cdot 256 = 33{,}280$：1×1 卷积的权重，加上 BN 在每个输出通道上的 $\\gamma$ 和 $\\beta$。' },
      { q: '基本块的最后一个 ReLU 作用于加法之前的 $F(x)$，还是作用于加法之后？', a: '加法之后：$\\text{out} = \\mathrm{ReLU}(F(x) + x)$。（所以 $F(x)$ 本身可以为负，块既能把 $x$ 的值调高，也能调低。）' },
      { q: '在梯度图中，用穿过整个块的梯度减去只穿过各层的梯度。剩下的是什么？为什么？', a: '剩下的是上游梯度 $u$ 本身（在 float32 舍入误差以内）：$F(x) + x$ 的导数是 $\\partial F/\\partial x + I$，其中的 $I$ 把 $u$ 原封不动地传了过去。' },
    ]),
  ],
};

export default text;
