/** The table of contents in Simplified Chinese: each lesson's title and one-line summary, by lesson id. */
export const SYLLABUS_ZH: Record<string, { title: string; summary: string }> = {
  welcome: { title: '欢迎', summary: '残差网络是做什么的，以及你的设备能算什么。' },
  convolution: { title: '卷积', summary: '一次乘加、滑动窗口、步幅、填充、膨胀、通道。' },
  pooling: { title: '池化', summary: '最大池化与平均池化、下采样、全局平均池化。' },
  batchnorm: { title: '批量归一化与 ReLU', summary: '批次统计量与滑动统计量；训练模式与评估模式。' },
  'how-networks-learn': { title: '网络如何学习', summary: '损失、梯度下降、反向传播、动量、Adam、权重衰减；训练集 / 验证集 / 测试集。' },
  'residual-block': { title: '残差块', summary: 'H(x) = F(x) + x；恒等捷径与投影捷径；梯度如何穿过加法。' },
  'why-residuals': { title: '残差为何好训练', summary: '同样深度的普通网络与残差网络，并排训练。' },
  architecture: { title: '整体架构', summary: '完整的 ResNet-18，直接从真实模型读出。' },
  'run-it': { title: '运行它', summary: 'ImageNet 预训练权重、预处理、Top-5、特征图、Grad-CAM。' },
  'train-it': { title: '训练它', summary: '小数据集、数据增强、带动量的 SGD、余弦调度、梯度。' },
  'teach-it': { title: '教它认识你的类别', summary: '预训练主干每张图只算一次，几秒训练出新的分类头；摄像头、文件夹、Grad-CAM、导出。' },
  'ship-it': { title: '部署它', summary: 'INT8 与 fp16 权重、导出到 PyTorch 与 ONNX、知识蒸馏、SE 模块。' },
};
