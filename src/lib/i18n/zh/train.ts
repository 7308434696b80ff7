/** Chinese for the training studio (lessons/train-it, its workers and src/lib/train messages shown on the page). */
export default {
  // live charts
  'chance: 1/{classes} = {percent} %': '随机猜测水平：1/{classes} = {percent} %',
  'train loss (step)': '训练损失（每步）',
  'train loss (epoch, eval)': '训练损失（每轮，评估模式）',
  'validation loss': '验证损失',
  'train top-1': '训练 top-1',
  'validation top-1': '验证 top-1',
  'validation top-5': '验证 top-5',
  'learning rate': '学习率',
  'ms per step': '每步毫秒数',
  step: '步',
  'cross-entropy': '交叉熵',
  'Training and validation loss': '训练损失与验证损失',
  accuracy: '准确率',
  Accuracy: '准确率',
  'Learning rate': '学习率',
  'ms / step': '毫秒 / 步',
  'Time per step': '每步用时',
} satisfies Record<string, string>;
