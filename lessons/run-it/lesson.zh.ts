import type { LessonText } from '../types';
import { recapText } from '../../src/lib/text/recap';
import { EXPLORER_SAMPLES } from './lesson';

const SAMPLE_NAMES_ZH: Record<string, string> = {
  './samples/chelsea.png': '小猫 Chelsea',
  './samples/coffee.png': '一杯咖啡',
  './samples/astronaut.png': '宇航员艾琳·柯林斯',
  './samples/rocket.jpg': '发射台上的火箭',
};

/** The sample photos with Chinese names (same addresses, so a ?pic.s= link works in both languages). */
export const EXPLORER_SAMPLES_ZH = EXPLORER_SAMPLES.map((s) => ({ ...s, label: SAMPLE_NAMES_ZH[s.url] ?? s.label }));

/** 第 7 课（运行它）的中文：与 lesson.ts 同样的步骤和单元格，公式原样保留。 */
const text: LessonText = {
  title: '运行它',
  steps: [
    {
      title: '权重、图片，以及网络真正接收的输入',
      cells: [
        `本页中的 ResNet-18 是完整的网络——11,689,512 个参数——由这本笔记本自己的代码构建。在你给它权重之前，
它从一个**带固定种子的随机初始化**（与 torchvision 所用的相同）开始：它能运行，但答案毫无意义。
下面的按钮会从 Hugging Face 模型库下载微软在 ImageNet 上训练好的 \`microsoft/resnet-18\`（约 47 MB，只需一次：
浏览器会保留一份副本，下次访问可以离线使用）。你也可以自己把文件拖进来。`,
        { alt: '从 Hugging Face 模型库或本地文件加载预训练权重的控件，带进度条和当前权重的状态。' },
        `网络只认得按其训练图片的方式预处理过的图片。\`microsoft/resnet-18\` 的预处理方法写在它的
\`preprocessor_config.json\` 里：用**双三次（bicubic）**重采样缩放，使**短边为 256 px**（$224 / 0.875$，即 \`crop_pct\`），
裁出**中央 224×224**，把字节值缩放到 $[0,1]$，再用 ImageNet 的统计量对每个颜色通道做标准化：

$$x_c = \\frac{p/255 - \\mu_c}{\\sigma_c},\\qquad \\mu = (0.485,\\,0.456,\\,0.406),\\quad \\sigma = (0.229,\\,0.224,\\,0.225)$$

这里的缩放复现了 Pillow 的双三次滤波（三次卷积核，$a=-0.5$；缩小时卷积核会加宽，从而对像素取平均而不是跳过像素），
因此得到的数字与 Python 送给同一模型的输入一致。`,
        { alt: '选择示例照片、上传图片或拍一帧摄像头画面。', props: { samples: EXPLORER_SAMPLES_ZH } },
        {
          alt: '图片在每个预处理步骤的样子：原图、缩放到短边 256 像素、中央裁剪为 224×224，以及标准化后的三个颜色通道。',
          props: { captions: { original: '原图', resized: '短边 → 256，双三次：', cropped: '中央裁剪：', normalized: '标准化后的 R、G、B（灰色 = ImageNet 的通道均值）' } },
        },
      ],
    },
    {
      title: 'Top-5：网络怎么说',
      cells: [
        `最后一层输出 1000 个数，每个 ImageNet 类别一个 **[[logit]]** $z_i$。[[softmax]] 把它们变成概率
$p_i = e^{z_i} / \\sum_j e^{z_j}$，我们显示其中最大的五个。类别名称来自检查点的 \`id2label\`
（ImageNet 有些怪异之处：“crane”既是鸟（鹤，134），也是机器（起重机，517））。

下面的时间是一次前向传播的耗时，并且**每一**层的输出都保留下来供后面几步使用。在一个后端上的第一次运行较慢：
WebGL 要编译着色器程序，WebAssembly 要预热。`,
        { alt: '选择要分类的图片。', props: { samples: EXPLORER_SAMPLES_ZH } },
        { alt: '概率最高的五个类别的条形图及其概率，以及前向传播的耗时。' },
      ],
    },
    {
      title: '每一层的特征图',
      cells: [
        `每一层的输出都是一叠**[[feature map|特征图]]**，每个通道一张：从主干入口的 64 张 112×112，到阶段 4 的
512 张 7×7。它们全都来自你刚才运行的那一次前向传播；切换层只是读取它们。前面几层的特征图像是边缘和颜色检测器；
后面几层的特征图很粗糙，对物体的局部部件有响应。按平均激活排序，可以看到这张图片最能激发哪些通道。`,
        { alt: '所选层的特征图网格，附带放大的单个通道、其取值范围和颜色图例。' },
        `第一层的 64 个卷积核是 7×7×3 的权重——小到可以当作彩色图片来看（灰色表示 0）。
训练好的权重呈现出有方向的边缘和色块；随机初始化只呈现噪声。`,
        { alt: '第一层的 64 个卷积核，画成 7×7 的彩色图像。' },
      ],
    },
    {
      title: '它看向了哪里：Grad-CAM 与显著图',
      cells: [
        `**[[Grad-CAM]]**（Selvaraju 等，2017）问的是：类别得分 $y^c$（$c$ 为类别）如何随阶段 4 的 512 张特征图
$A^k$（每张 7×7）中的每一张而变化。它把这个[[gradient|梯度]]在整张特征图上取平均，得到每个通道的权重，
再对加权和只保留正的部分：

$$\\alpha_k^c = \\frac{1}{7\\cdot 7}\\sum_{i,j} \\frac{\\partial y^c}{\\partial A^k_{ij}},\\qquad L^c = \\mathrm{ReLU}\\Big(\\sum_k \\alpha^c_k A^k\\Big)$$

然后上采样到图片大小。**显著图**（saliency map，Simonyan 等，2013）问的是更朴素的问题：每个像素变化时得分变化多少，
即 $\\max_{\\text{colour}} |\\partial y^c / \\partial x|$——它需要一次贯穿整个网络的反向传播，所以只在你请求时才计算。`,
        { alt: '所选 top-5 类别的 Grad-CAM 热力图叠加在图片上，带透明度滑块，另有一张显著图。' },
      ],
    },
    recapText([
      '网络只认得按其训练图片的方式预处理过的图片：对 `microsoft/resnet-18` 来说，把短边缩放到 256 px（双三次），裁出中央 224×224，把字节值缩放到 $[0, 1]$，再用 ImageNet 的均值和标准差对每个通道做标准化。',
      '最后一层给出 1,000 个 [[logit]]；[[softmax]] 把它们变成概率，页面显示其中最大的五个（[[top-5]]）。',
      '[[Feature map|特征图]]从主干入口中的边缘和颜色检测器，逐渐变为阶段 4 中粗糙的、类似部件的特征图；[[Grad-CAM]] 用类别得分的平均梯度给阶段 4 的特征图加权，显示图片中哪些地方推高了该得分。',
    ], [
      { q: '一个纯白像素（字节值 255）的红色通道，预处理后变成多少？', a: '$(255/255 - 0.485)/0.229 \\approx 2.249$。' },
      { q: '如果给全部 1,000 个 logit 都加上 5，top-5 的概率会怎样变化？', a: '完全不变：$e^{z_i + 5} / \\sum_j e^{z_j + 5} = e^{z_i} / \\sum_j e^{z_j}$，因子 $e^5$ 被约掉了。' },
      { q: 'Grad-CAM 中，权重 $\\alpha_k^c$（阶段 4 第 $k$ 个通道的权重）是怎样求出的？最后为什么要用 ReLU？', a: '它是类别得分 $y^c$ 对该通道特征图的梯度在 7×7 个位置上的平均值。ReLU 只保留那些使类别 $c$ 的得分升高的位置。' },
    ]),
  ],
};

export default text;
