/** Lesson "Ship it" (lessons/ship-it), third part: the learner's own studio network quantized and distilled. */
export default {
  // The studio network (StudioModel.svelte.ts)
  'an unknown dataset': '一个未知的数据集',
  'the built-in shapes ({n} per class)': '内置形状（每类 {n} 张）',
  'your dataset “{name}”': '你的数据集“{name}”',
  'A width-{w} ResNet-18 ({stem} stem) for {classes} classes of {px}-pixel pictures, trained {epochs} epochs on {dataset}.':
    '一个宽度 {w}、{stem} 主干入口的 ResNet-18，用于 {classes} 个类别、{px} 像素的图片，在{dataset}上训练了 {epochs} 轮。',
  CIFAR: 'CIFAR',
  ImageNet: 'ImageNet',
  // Quantization of the studio network (StudioQuant.svelte)
  'fp32 (as trained)': 'fp32（训练所得）',
  'No network has been trained in the studio yet. Train one in': '训练工作台里还没有训练过网络。先到',
  'Train it': '《训练它》',
  '(about two minutes with the defaults) and come back: this table then measures it on its own validation images.':
    '训练一个（用默认设置大约两分钟），再回到这里：这张表就会在它自己的验证图片上测量它。',
  'The studio’s saved network cannot be used: {reason}': '训练工作台保存的网络无法使用：{reason}',
  'Measure my studio network': '测量我在训练工作台训练的网络',
  'Scoring fp32, fp16 and two int8 copies on its validation images…': '正在用它的验证图片为 fp32、fp16 和两个 int8 副本评分……',
  'Its validation images are not stored: a folder of your own or CIFAR-10 stays only while the page is open. Load the same dataset in Train it again, then come back.':
    '它的验证图片没有保存下来：你自己的文件夹或 CIFAR-10 只在页面打开期间保留。请在《训练它》中重新加载同一个数据集，再回到这里。',
  'Could not measure the studio network: {reason}': '无法测量训练工作台的网络：{reason}',
  'Your studio network on {n} validation images ({from})': '你在训练工作台训练的网络，在 {n} 张验证图片上（{from}）',
  'the studio’s split, this visit': '本次访问中训练工作台自己的划分',
  'rebuilt from the run’s record': '按训练记录重新生成',
  'Validation top-1': '验证集 top-1',
  'Your studio network quantized': '量化后的训练工作台网络',
  // Distillation from the studio network (StudioDistill.svelte)
  'your studio network (width {w})': '你的训练工作台网络（宽度 {w}）',
  'The studio network was trained on different images (classes or picture size differ).': '训练工作台的网络是在另一些图片上训练的（类别或图片尺寸不同）。',
  'The training split has fewer images than one batch.': '训练集的图片还不够一个批次。',
  'The validation split is empty.': '验证集是空的。',
  'Its training images are not stored: a folder of your own or CIFAR-10 stays only while the page is open. Load the same dataset in Train it again, then come back.':
    '它的训练图片没有保存下来：你自己的文件夹或 CIFAR-10 只在页面打开期间保留。请在《训练它》中重新加载同一个数据集，再回到这里。',
  'Distillation here trains on pictures of at most {max} pixels; the studio network takes {px}.': '这里的蒸馏只在边长不超过 {max} 像素的图片上训练；训练工作台的网络需要 {px} 像素。',
  'Could not prepare the run: {reason}': '无法准备这次训练：{reason}',
  'and come back to distil it into a smaller one.': '训练一个，再回到这里把它蒸馏成一个更小的网络。',
  'Students: width {sw}, the same initialisation, {e} epochs on at most {n} of the studio’s training images per class, batch {b}, T = {T}, α = {alpha}; scored on at most {v} validation images per class.':
    '学生：宽度 {sw}，相同的初始化，在训练工作台的训练图片上（每类最多 {n} 张）训练 {e} 轮，批次大小 {b}，T = {T}，α = {alpha}；在每类最多 {v} 张验证图片上评分。',
  'Distil my studio network': '蒸馏我在训练工作台训练的网络',
  'Reading the studio network and its images…': '正在读取训练工作台的网络和它的图片……',
  'Validation accuracy of your studio network, the student alone and the distilled student': '你的训练工作台网络、单独学习的学生和经过蒸馏的学生的验证准确率',
  'After {n} epochs: student alone {alone}, distilled {distilled}; your studio network {teacher}.': '{n} 轮之后：单独学习的学生 {alone}，经过蒸馏的学生 {distilled}；你的训练工作台网络 {teacher}。',
} satisfies Record<string, string>;
