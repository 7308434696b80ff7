import type { LessonText } from '../types';
import { recapText } from '../../src/lib/text/recap';
import { SURFACE, LINE } from './LearnLesson.svelte';
import { LINE_DATA } from './surface';
import { BATCH_DRAWS } from './minibatch';
import { L2_CODE, SEED_L2_CODE } from './weightDecayCode';

/** 《网络如何学习》的中文文本：与 lesson.ts 同形（同样的步骤与单元格、同样的公式与代码）。 */
const [steep, flat] = SURFACE.curvatures;
const edge = 2 / steep;
const fastest = 2 / (steep + flat);

const text: LessonText = {
  title: '网络如何学习',
  steps: [
    {
      title: '损失：一个答案错得有多厉害？',
      cells: [
        `到目前为止，本笔记本里的每个网络都只做**前向**计算：输入一张图片，输出一组数字。从这里开始，笔记本要讲网络如何**学习**：下一课（残差块）的最后一步会让梯度反向穿过一个残差块，再下一课则用带动量的 SGD 训练两个网络。所以本课放在这里——在各种层之后、残差块之前——借助你已经见过的卷积、池化和 ReLU，把这些词讲清楚：损失、梯度、反向传播、学习率、动量、权重衰减、Adam、小批量、验证。

分类器的最后一层为每个类别给出一个数，称为 <strong>[[logit]]</strong> $z_k$。<strong>[[softmax]]</strong> 把这些 logit 变成概率：每个都为正，且总和为 1：
$$p_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}}.$$
<strong>[[loss|损失]]</strong>衡量一个答案错得有多厉害。分类任务用的是<strong>[[cross-entropy|交叉熵]]</strong>，即真实类别 $y$ 所得概率的对数的相反数：
$$L = -\\log p_y.$$
只有当 $p_y = 1$ 时它才等于 0；当 $p_y \\to 0$ 时它无限增大。PyTorch 的 \`nn.CrossEntropyLoss\` 接收的是 logit，自己先做 softmax，再对一批图片的 $L$ 取平均。`,
        { alt: '四个滑块，分别对应猫、狗、船、青蛙四个类别的 logit，另可选择真实类别；每个滑块旁是该类 softmax 概率的条形、概率值，以及损失对该 logit 的导数；下方是交叉熵损失的公式及其数值。' },
        `调高真实类别的 logit：它的条形变长，损失下降。给每个 logit 加上同一个数，则什么都不变，因为 softmax 只看 logit 之间的差。每行最后一个数是损失对该 logit 的<strong>[[gradient|梯度]]</strong>：
$$\\frac{\\partial L}{\\partial z_k} = p_k - [k = y],$$
对真实类别为负（调高它会降低损失），对其他类别为正；四个数之和为零。训练就是改变权重，让 logit 朝与这些数相反的方向移动，接下来几步会说明怎么做。`,
      ],
    },
    {
      title: '梯度下降与学习率',
      cells: [
        `网络的损失取决于它的权重，所以损失是权重空间上的一个曲面——对 ResNet-18 来说，这个空间有 11,689,512 维。只有**两个**权重的模型可以画出来：用均方误差（\`nn.MSELoss\`）把 $y \\approx w_1 x_1 + w_2 x_2$ 拟合到
${LINE.n} 个点上，
$$L(w) = \\frac{1}{N}\\sum_{i=1}^{N} (w_1 x_{i1} + w_2 x_{i2} - y_i)^2.$$
这些点由固定的随机种子生成；$x_1$ 与 $x_2$ 相关（ρ = ${LINE_DATA.rho}），因此曲面是一条又长又窄的山谷。下图中每条等高线连接损失相等的权重。

<strong>[[gradient|梯度]]</strong> $\\nabla L = (\\partial L/\\partial w_1,\\ \\partial L/\\partial w_2)$ 指向损失上升最快的方向。**梯度下降**朝相反方向迈步，
$$w \\leftarrow w - \\eta\\,\\nabla L(w),$$
其中 $\\eta$ 就是<strong>[[learning rate|学习率]]</strong>。每次运行都从同一点出发；把滑块从 0.001 拖到 1 试试。`,
        { alt: '学习率滑块和步数选择；两个权重上损失的等高线，标出起点、最小值和梯度下降走过的路径；最后一步之后的损失；以及每一步之后损失的折线图（对数刻度）。' },
        `你看到的现象在这里有精确的解释。这个曲面是一个二次的“碗”，最陡和最平坦的两个方向的曲率分别为 $\\lambda_{\\max} = ${steep.toFixed(3)}$ 和 $\\lambda_{\\min} = ${flat.toFixed(3)}$（即二阶导数矩阵的特征值）。每走一步，权重在这两个方向上相对最小值的偏移都会乘以 $1 - \\eta\\lambda$。沿平坦方向，$\\eta$ 较小时这个因子接近 1，所以下降慢如爬行。沿陡峭方向，这个因子会降到 $-1$ 以下，只要 $\\eta > 2/\\lambda_{\\max} = ${edge.toFixed(3)}$：每一步冲过头的幅度都大于它纠正的幅度，权重随之发散。这里最快的学习率是 $2/(\\lambda_{\\max} + \\lambda_{\\min}) = ${fastest.toFixed(3)}$，略低于这个临界值，此时陡峭方向已经在来回振荡。深度网络的损失并不是一个单一的碗，但在任意一点附近，它的弯曲方式都像一个碗，所以学习率过小或过大，在那里也会以同样的两种方式失败；训练工作台会在损失变成无穷大或 NaN 时停止训练，并提示你学习率是否过高。`,
      ],
    },
    {
      title: '反向传播：逐层应用链式法则',
      cells: [
        `真实网络的梯度来自<strong>[[backpropagation|反向传播]]</strong>：从损失出发，逐层向后应用链式法则，并重复利用前向传播算出的数值。下面这个网络小到可以手算：一张 5×5 的图片 $x$；一个 3×3 卷积，两个[[filter|卷积核]]，不加[[padding|填充]]（输出 $a$，3×3×2）；[[ReLU]]（$r$）；与 ResNet-18 分类头中一样的[[global average pooling|全局平均池化]]（$p$，两个数）；一个输出三个 logit 的全连接层 $z = pW + b$；最后是第 1 步的[[cross-entropy|交叉熵]]。取一个权重 $w$：它属于卷积核 $c$，位于第 $u$ 行、第 $v$ 列。它经由该卷积核的九个输出 $a_{ij}$ 影响损失，再从池化后的 $p_c$ 经由三个 logit 分别传到损失：
$$\\frac{\\partial L}{\\partial w} = \\sum_k \\frac{\\partial L}{\\partial z_k}\\,\\frac{\\partial z_k}{\\partial p_c} \\sum_{i,j} \\frac{\\partial p_c}{\\partial r_{ij}}\\,\\frac{\\partial r_{ij}}{\\partial a_{ij}}\\,\\frac{\\partial a_{ij}}{\\partial w}$$
每个因子都很简单：$\\partial L/\\partial z_k = q_k - t_k$（第 1 步的结果，$q$ 为 softmax 输出，$t$ 为 one-hot 目标），$\\partial z_k/\\partial p_c = W_{ck}$，$\\partial p_c/\\partial r_{ij} = 1/9$（九个数的平均）， $\\partial r_{ij}/\\partial a_{ij}$ 在 $a_{ij} > 0$ 处为 1、其余为 0（ReLU），而 $\\partial a_{ij}/\\partial w = x_{i+u,\\,j+v}$，即 $w$ 在计算输出 $(i, j)$ 时所乘的那个输入值。下标与 Python 一样从 0 开始计数。`,
        { alt: '可选择卷积核、权重的行和列以及真实类别；5×5 输入中高亮出该权重所乘的九个值，卷积核中圈出该权重；链式法则及其两个因子的数值；一张表列出九个卷积输出、它们的 ReLU 开关和对应的输入值；以及用三种方法求得的导数——链式法则、tf.grad 和有限差分。' },
        `\`tf.grad\` 会自动执行反向传播，就像 PyTorch 中的 \`loss.backward()\`（反向模式自动微分）。**有限差分** $(L(w + h) - L(w - h))/2h$ 只让网络做前向计算，做两次。三种结果一致——有限差分只吻合到小数点后五六位，因为它把 float32 的舍入误差除以了 $2h$，还会受到损失在 $\\pm h$ 范围内那一点弯曲的影响。区别在于代价：反向传播只需一次前向计算的几倍开销，就能一次得到所有权重的导数；有限差分则每个权重都需要两次前向计算——对 ResNet-18 来说约 2340 万次。有限差分仍有一个用武之地：检验梯度。`,
      ],
    },
    {
      title: '动量、Adam 与权重衰减',
      cells: [
        `普通梯度下降在狭窄的山谷里横向来回振荡，沿谷底方向却走得很慢。大多数训练脚本里都有两种补救办法。<strong>[[momentum|动量]]</strong>（\`torch.optim.SGD(params, lr, momentum=0.9)\`）把过去的梯度累加成一个速度 $b$，并沿它迈步，
$$b \\leftarrow \\mu\\, b + \\nabla L(w), \\qquad w \\leftarrow w - \\eta\\, b,$$
于是横向的振荡相互抵消，而沿山谷方向的步子不断累加（梯度恒定时，步子会累积到普通一步的 $1/(1-\\mu) = 10$ 倍）。 <strong>[[Adam]]</strong>（Kingma & Ba 2015，\`torch.optim.Adam\`）为每个权重分别维护梯度及其平方的滑动平均，并用前者除以后者的平方根，
$$m \\leftarrow \\beta_1 m + (1-\\beta_1)\\, g, \\quad v \\leftarrow \\beta_2 v + (1-\\beta_2)\\, g^2, \\quad w \\leftarrow w - \\eta\\, \\frac{m / (1-\\beta_1^t)}{\\sqrt{v / (1-\\beta_2^t)} + \\epsilon},$$
取 PyTorch 的默认值 $\\beta_1 = 0.9$、$\\beta_2 = 0.999$、$\\epsilon = 10^{-8}$（$t$ 为步数）。一个梯度符号始终不变的权重，无论梯度大小，每步都大约移动 $\\eta$，所以平坦方向不再缓慢。下面的运行与训练工作台使用同一份优化器代码（torch.optim 的更新规则）。`,
        { alt: '损失的等高线，以及从同一起点出发的三条轨迹：SGD、动量为 0.9 的 SGD 和 Adam，学习率都是 0.1；步数选择；以及一张表，列出每次运行的终点和损失。' },
        `<strong>[[weight decay|权重衰减]]</strong>在每一步把每个权重往零的方向拉一点，让网络偏好较小的权重（这是一种正则化：牺牲一点训练损失，通常换来在新图片上更好的表现）。它有两种并不相同的形式：

- **耦合式**，也叫 **L2 正则化**：在损失中加上 $\\tfrac{\\lambda}{2}\\lVert w \\rVert^2$，相当于在梯度上加 $\\lambda w$。\`torch.optim.SGD\` 和 \`torch.optim.Adam\` 中的 \`weight_decay=λ\` 就是这么做的：优化器把 $g + \\lambda w$ 当作普通梯度处理，所以 Adam 也会把它除以 $\\sqrt{v}$；
- **解耦式**：在梯度步之外、也在 Adam 的除法之外直接缩小权重，$w \\leftarrow w - \\eta\\lambda w$。这就是 \`torch.optim.AdamW\`（Loshchilov & Hutter 2019）。

对普通 SGD，两者是同一个更新，$w - \\eta(g + \\lambda w) = w - \\eta\\lambda w - \\eta g$；加上动量或换成 Adam，两者就不同了。`,
        { alt: '权重衰减 λ 与步数的选择；损失的等高线，以及带 L2 的 SGD、带 L2 的 Adam 和 AdamW 的轨迹，并标出损失的最小值和“损失加 L2 惩罚”的最小值；以及一张表，列出每次运行的终点。' },
        `像这里这样用精确梯度时，带 L2 的 SGD 和 Adam 都会停在 $\\nabla L + \\lambda w = 0$ 处，即 $L + \\tfrac{\\lambda}{2}\\lVert w \\rVert^2$ 的最小值（其闭式解在表格最后一行）。AdamW 没有这样的目标：它的收缩项 $\\eta\\lambda w$ 不除以 $\\sqrt{v}$，而梯度步要除，所以两者在哪里平衡，取决于 $\\eta$ 和 Adam 的滑动平均——比较一下 100 步和 1000 步。真实训练中的梯度带有噪声；这时 Adam 内部的 L2 对梯度大或噪声大的权重拉得最轻，而 AdamW 每步都把每个权重按相同的因子 $1 - \\eta\\lambda$ 缩小。Loshchilov & Hutter 发现，解耦形式让 Adam 泛化得更好，也让最佳的 $\\lambda$ 对学习率的依赖更小。在 PyTorch 中：

${L2_CODE}

上面这些写法都会对传给它们的每个参数做衰减，包括 BatchNorm 的 $\\gamma$、$\\beta$ 和各层的偏置，除非把这些参数放进一个 \`weight_decay=0\` 的参数组。网上流传的一篇 ResNet-18 教程把下面这行当作 L2 正则化：

${SEED_L2_CODE}

它根本运行不了：\`nn.MSELoss(...)\` 构造的是一个损失*模块*，也就是一个还在等待预测值和目标值的函数，而 Python 无法把一个数乘以一个模块（会抛出 \`TypeError\`）。参数也没有被用上：\`nn.MSELoss\` 的第一个参数是它早已弃用的 \`size_average\` 开关。而且思路本身就错了：均方误差比较的是预测值与目标值，而 L2 惩罚是权重的平方和——也就是上面写进损失的那一行，或者干脆在优化器里设置 \`weight_decay\`。`,
      ],
    },
    {
      title: '小批量，以及训练集 / 验证集 / 测试集',
      cells: [
        `训练损失是所有训练图片上的平均，它的精确梯度每一步都需要用到每一张图片（CIFAR-10 有 50,000 张）。实际做法是每一步随机抽取 $B$ 张图片组成一个<strong>[[mini-batch|小批量]]</strong>：这就是<strong>[[stochastic gradient descent|随机梯度下降]]</strong>。批次梯度 $g_B$ 是 $B$ 个单张图片梯度 $g_i$ 的平均，所以它散布在完整梯度 $g$ 周围；对从 $N$ 个样本中无放回抽取的批次，
$$\\mathbb{E}\\,\\lVert g_B - g \\rVert^2 = \\frac{N - B}{N - 1}\\cdot\\frac{\\sigma^2}{B}, \\qquad \\sigma^2 = \\frac{1}{N}\\sum_{i} \\lVert g_i - g \\rVert^2.$$
批次大小变为四倍，散布大约减半。把全部 $N$ 张图片过一遍，即 $N/B$ 步，称为一<strong>[[epoch|轮]]</strong>。下面从第 2 步的
${LINE.n} 个点中抽取 ${BATCH_DRAWS} 个批次，并把其中四十个批次的步子画成箭头。`,
        { alt: '批次大小滑块和位置选择；损失的等高线，从所选位置画出完整梯度和四十个小批量各自的步进方向；实测的批次梯度与完整梯度之间的均方距离，旁边是公式给出的值；以及一张表，列出每种批次大小下的这两个值。' },
        `在最小值处，完整梯度为零，批次梯度却不为零，所以学习率固定的 SGD 会一直在最小值附近抖动——这也是学习率调度在训练末期降低学习率的原因之一。

训练降低的是它所用图片上的损失；真正要紧的是新图片。所以数据要分成三份：

- **训练集**：梯度从这里来；
- <strong>[[validation set|验证集]]</strong>：从不参与训练，用来*做选择*：何时停止（早停）、学习率、数据增强、网络结构；
- <strong>[[test set|测试集]]</strong>：只在最后用一次，报告最终选择的效果。

为什么不直接报告验证集上的分数？因为按它做选择会让它偏乐观。假设你尝试了 $K$ 种实际上同样好的设置，保留验证分数最高的那一种：这个分数是 $K$ 次带噪声测量中的最大值。`,
        { alt: '可选择尝试多少种设置、用多少张验证图片打分；胜出者验证分数的精确期望，旁边是 70 % 的真实准确率；以及一次随机抽取：胜出者的验证分数和它在全新测试图片上的分数，另有一个“再抽一次”按钮。' },
        `早停也是这样一种选择，只不过是在各轮之间做选择：一旦用验证集选定了停在哪一轮，它在那一轮的分数就不再是独立的估计。He 等人在 45k/5k 的训练/验证划分上决定何时停止 CIFAR 训练（64k 次迭代），并报告了 10,000 张测试图片上的错误率。`,
      ],
    },
    recapText([
      '[[loss|损失]]衡量网络错得有多厉害。分类任务中，它是真实类别的 [[softmax]] 概率的[[cross-entropy|交叉熵]] $L = -\\log p_y$，它对各个 logit 的[[gradient|梯度]]是 $p_k - [k = y]$。',
      `梯度下降逆着梯度迈步，$w \\leftarrow w - \\eta\\,\\nabla L(w)$：[[learning rate|学习率]]太小会慢如爬行，超过 $2/\\lambda_{\\max}$ 则会发散。[[backpropagation|反向传播]]用链式法则一次得到每个权重的导数，结果与 \`tf.grad\` 和有限差分一致。`,
      '[[momentum|动量]]和 [[Adam]] 让平坦方向也走得快。[[weight decay|权重衰减]]在 `torch.optim.SGD` 和 `torch.optim.Adam` 中是耦合的 L2，在 `torch.optim.AdamW` 中是解耦的。按[[validation set|验证集]]做选择会让它的分数偏乐观，所以[[test set|测试集]]只在最后评分一次。',
    ], [
      { q: '四个 logit 相等。交叉熵损失是多少？给每个 logit 都加 5，会改变什么？', a: 'softmax 给每个类别的概率都是 $1/4$，所以 $L = -\\log(1/4) = \\ln 4 \\approx 1.386$。给每个 logit 都加 5 什么也不会改变：softmax 只看 logit 之间的差。' },
      { q: '在第 2 步的曲面上，学习率为 0.6 时梯度下降会怎样？为什么？', a: `它会发散：$0.6 > 2/\\lambda_{\\max} = ${edge.toFixed(3)}$，所以每一步都把沿陡峭方向的偏移乘以 $1 - 0.6 \\cdot ${steep.toFixed(3)} = ${(1 - 0.6 * steep).toFixed(2)}$，它的绝对值大于 1：每一步冲过头的幅度都大于它纠正的幅度。` },
      { q: '你尝试了 20 个学习率，并报告其中最好的验证准确率。为什么这个数偏乐观？应该报告什么？', a: '它是 20 次带噪声测量中的最大值，所以平均而言高于所选设置的真实准确率（第 5 步的图显示了高出多少）。应该报告所选设置在一个没有参与任何选择的[[test set|测试集]]上、只在最后评一次分的准确率。' },
    ]),
  ],
};

export default text;
