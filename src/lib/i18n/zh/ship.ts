/** Lesson "Ship it" (lessons/ship-it): PyTorch export, distillation and SE training figures. */
export default {
  Network: '网络',
  'The live model': '当前加载的模型',
  'Width {w}, CIFAR stem, 10 classes': '宽度 {w}，CIFAR 主干入口（stem），10 个类别',
  '{variant} stem, width {w}: stage channels {channels}, {classes} classes.': '{variant} 主干入口（stem），宽度 {w}：各阶段通道数 {channels}，{classes} 个类别。',
  'Write the .safetensors file': '生成 .safetensors 文件',
  'The studio in Train it exports networks like this one; the code above loads its file.': '“训练它”一课的训练工作台导出的就是这样的网络；上面的代码可以加载它导出的文件。',
  'Could not write the file: {reason}': '无法生成文件：{reason}',
} satisfies Record<string, string>;
