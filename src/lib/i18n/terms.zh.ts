/**
 * The Chinese terminology the whole site uses, as Chinese ML courses and textbooks (e.g. 《动手学深度学习》) write
 * it: one preferred word per English term, and the variants we do not use (so every page says the same thing).
 * test/i18n/terms.test.ts checks every Chinese text (lesson.zh.ts files, catalogues, the glossary) against it.
 * Proper names and code stay English: ResNet, ReLU, softmax, Adam, SGD, Grad-CAM, top-1, ONNX, tfjs, PyTorch.
 */
export interface Term {
  en: string;
  zh: string;
  /** Variants seen elsewhere that this site does not use. */
  avoid?: string[];
}

/** The terminology list (English → Chinese). */
export const TERMS_ZH: Term[] = [
  { en: 'convolution', zh: '卷积' },
  { en: 'kernel / filter', zh: '卷积核', avoid: ['滤镜'] },
  { en: 'stride', zh: '步幅', avoid: ['步长'] },
  { en: 'padding', zh: '填充', avoid: ['补零'] },
  { en: 'dilation / dilated convolution', zh: '膨胀（空洞卷积）', avoid: ['扩张卷积'] },
  { en: 'channel', zh: '通道' },
  { en: 'tensor', zh: '张量' },
  { en: 'feature map', zh: '特征图', avoid: ['特征映射'] },
  { en: 'receptive field', zh: '感受野', avoid: ['接受野', '感知野'] },
  { en: 'pooling', zh: '池化' },
  { en: 'max pooling', zh: '最大池化' },
  { en: 'average pooling', zh: '平均池化' },
  { en: 'global average pooling', zh: '全局平均池化' },
  { en: 'batch normalization (batch norm, BN)', zh: '批量归一化', avoid: ['批归一化', '批标准化', '批量标准化', '批规范化'] },
  { en: 'running statistics', zh: '滑动统计量', avoid: ['运行统计量'] },
  { en: 'activation', zh: '激活' },
  { en: 'residual', zh: '残差' },
  { en: 'residual block', zh: '残差块', avoid: ['残差模块'] },
  { en: 'shortcut (connection)', zh: '捷径连接', avoid: ['快捷连接', '短路连接'] },
  { en: 'identity mapping / identity shortcut', zh: '恒等映射 / 恒等捷径' },
  { en: 'projection shortcut', zh: '投影捷径' },
  { en: 'skip connection', zh: '跳跃连接' },
  { en: 'fully connected layer', zh: '全连接层' },
  { en: 'logit', zh: 'logit（未归一化的类别得分）' },
  { en: 'loss', zh: '损失' },
  { en: 'cross-entropy', zh: '交叉熵' },
  { en: 'gradient', zh: '梯度' },
  { en: 'gradient descent', zh: '梯度下降' },
  { en: 'backpropagation', zh: '反向传播', avoid: ['后向传播'] },
  { en: 'forward pass', zh: '前向传播' },
  { en: 'learning rate', zh: '学习率' },
  { en: 'momentum', zh: '动量' },
  { en: 'weight decay', zh: '权重衰减' },
  { en: 'cosine annealing (schedule)', zh: '余弦退火' },
  { en: 'one-cycle schedule', zh: '单周期（one-cycle）调度' },
  { en: 'warm-up', zh: '预热' },
  { en: 'epoch', zh: '轮（epoch）', avoid: ['时代', '纪元'] },
  { en: 'batch / mini-batch', zh: '批次 / 小批量' },
  { en: 'training set', zh: '训练集' },
  { en: 'validation set', zh: '验证集' },
  { en: 'test set', zh: '测试集' },
  { en: 'overfitting', zh: '过拟合' },
  { en: 'underfitting', zh: '欠拟合' },
  { en: '(data) augmentation', zh: '数据增强', avoid: ['数据扩增', '数据扩充'] },
  { en: 'label smoothing', zh: '标签平滑' },
  { en: 'early stopping', zh: '早停' },
  { en: 'fine-tuning', zh: '微调' },
  { en: 'pretrained', zh: '预训练' },
  { en: 'backbone', zh: '主干网络' },
  { en: 'head (classifier)', zh: '分类头' },
  { en: 'freeze / frozen', zh: '冻结' },
  { en: 'quantization', zh: '量化' },
  { en: 'calibration', zh: '校准' },
  { en: 'mixed precision', zh: '混合精度' },
  { en: 'knowledge distillation', zh: '知识蒸馏' },
  { en: 'teacher / student model', zh: '教师模型 / 学生模型' },
  { en: 'squeeze-and-excitation (SE) block', zh: 'SE（挤压-激励）模块' },
  { en: 'latency / throughput', zh: '延迟 / 吞吐量' },
  { en: 'inference', zh: '推理' },
  { en: 'weights', zh: '权重' },
  { en: 'confusion matrix', zh: '混淆矩阵' },
  { en: 'accuracy', zh: '准确率', avoid: ['精确度'] },
  { en: 'chance (level)', zh: '随机猜测水平' },
  { en: 'degradation problem', zh: '退化问题' },
  { en: 'vanishing gradient', zh: '梯度消失' },
  { en: 'downsampling', zh: '下采样' },
  { en: 'stem', zh: '主干入口（stem）' },
  { en: 'stage', zh: '阶段（stage）' },
];
