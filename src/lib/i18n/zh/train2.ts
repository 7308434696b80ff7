/** Chinese for the training studio's stored messages (page, worker, src/lib/train), its class names and the gradient heatmap. */
export default {
  // status messages (lessons/train-it/runWords.ts)
  'Building the dataset…': '正在构建数据集…',
  'Load or build a dataset first.': '请先加载或构建一个数据集。',
  'Restoring the saved run…': '正在恢复保存的训练…',
  'Building the model…': '正在构建模型…',
  'Rebuilding the dataset…': '正在重新构建数据集…',
  'The training worker was restarted; ask again.': '训练 worker 已重新启动，请再请求一次。',
  'There is no model yet: start a run first.': '还没有模型：请先开始一次训练。',
  'Stop ended the training worker.': '“停止”结束了训练 worker。',
  'The training studio was closed.': '训练工作台已关闭。',
  'First step: compiling WebGL shaders…': '第一步：正在编译 WebGL 着色器…',
  'First step: warming up…': '第一步：正在准备…',
  'Paused; saved where it stopped.': '已暂停；已保存到停下的位置。',
  'Paused.': '已暂停。',
  'No model to export yet.': '还没有可导出的模型。',
  'No model to explain yet.': '还没有可解释的模型。',
  'Drawing the synthetic images…': '正在绘制合成图像…',
  'Reading CIFAR-10…': '正在读取 CIFAR-10…',
  'No usable training images with at least two classes were found (see the list of skipped files).':
    '没有找到至少包含两个类别的可用训练图像（见跳过的文件列表）。',
  'Give every class a name.': '请给每个类别起个名字。',
  'Add at least two classes (with different names).': '请至少添加两个类别（名字各不相同）。',
  'Training needs at least two classes.': '训练至少需要两个类别。',
  'The training and validation images do not have the same classes.': '训练图像和验证图像的类别不一致。',
  'not inside a class folder (expected <class>/<image>)': '不在类别文件夹中（应为 <class>/<image>）',
  'not an image (extension)': '不是图像（按扩展名判断）',
  'only one class found; training needs at least two': '只找到一个类别；训练至少需要两个',
  'no checkpoint was saved yet': '还没有保存任何检查点',
  'start again: no checkpoint was saved yet': '重新开始：还没有保存任何检查点',
  'the classifier (fc) came from the file too (same number of classes)': '分类头（fc）也来自该文件（类别数相同）',
  'the last checkpoint (epoch {epoch}, step {step}) is kept': '最近的检查点（第 {epoch} 轮，第 {step} 步）已保留',
  'continue from the last checkpoint (epoch {epoch}, step {step}), which is kept': '从已保留的最近检查点（第 {epoch} 轮，第 {step} 步）继续',
  'Stopped; {clause}: continue from it or start afresh.': '已停止；{clause}：可以从它继续，也可以重新开始。',
  'Stopped; {clause}.': '已停止；{clause}。',
  'Stopped mid-step (the worker was ended after {seconds} s without answering); {clause}.':
    '在一步中途停止（worker 在 {seconds} 秒内没有响应，已被结束）；{clause}。',
  'Resumed at epoch {epoch}, step {step}.': '已从第 {epoch} 轮、第 {step} 步继续。',
  'The training worker crashed: {why}': '训练 worker 崩溃了：{why}',
  'Fine-tuning needs its weights file ({file}) again: pick it in the recipe, or switch fine-tuning off.':
    '微调需要再次提供它的权重文件（{file}）：请在训练配方中选择它，或关闭微调。',
  'about {total} per step (activations {activations}, weights {weights}, gradients {gradients}, optimizer {optimizer})':
    '每步约 {total}（激活 {activations}，权重 {weights}，梯度 {gradients}，优化器状态 {optimizer}）',
  'This recipe needs {estimate}, more than the {backend} backend can hold ({limit}). Choose a smaller batch size or width.':
    '这个配方需要{estimate}，超过了 {backend} 后端能容纳的上限（{limit}）。请选择更小的批次大小或宽度。',
  'This run already finished its {epochs} epochs.': '这次训练已经完成了全部 {epochs} 轮。',
  'Training diverged at step {step}: {what}. The learning rate ({lr}) is probably too high: lower it (or add warm-up) and {next}.':
    '训练在第 {step} 步发散：{what}。学习率（{lr}）可能太高：请调低它（或加入预热），然后{next}。',
  'the loss became {loss}': '损失变成了 {loss}',
  'the loss was {loss} but {bad} of {total} gradient tensors held NaN or ±Infinity':
    '损失为 {loss}，但 {total} 个梯度张量中有 {bad} 个含有 NaN 或 ±Infinity',
  'the loss was {loss} but the update would have made {bad} of {total} weight, optimizer-state or BN-statistics tensors NaN or ±Infinity':
    '损失为 {loss}，但这次更新会让 {total} 个权重、优化器状态或 BN 统计量张量中的 {bad} 个变成 NaN 或 ±Infinity',
  'the validation loss became {loss} after epoch {epoch}': '第 {epoch} 轮后验证损失变成了 {loss}',
  '{count} tensors ({names}…) hold NaN or ±Infinity, so they were not saved': '{count} 个张量（{names}…）含有 NaN 或 ±Infinity，因此没有保存',
  'Out of memory ({detail}). Try a smaller batch size or width; {clause}.': '内存不足（{detail}）。请尝试更小的批次大小或宽度；{clause}。',
  'Training stopped: {why}': '训练停止了：{why}',
  'Finished {epochs} epochs.': '已完成 {epochs} 轮。',
  'Stopped early: validation loss has not improved for {patience} epochs (best {best}).':
    '早停：验证损失已连续 {patience} 轮没有改善（最佳 {best}）。',
  "the classifier (fc) was re-initialised for your {classes} classes, since the file's has another size":
    '分类头（fc）已为你的 {classes} 个类别重新初始化，因为文件中的分类头大小不同',
  'Loaded {count} tensors from {file}; {classifier}.': '从 {file} 加载了 {count} 个张量；{classifier}。',
  'Could not build the synthetic dataset: {why}': '无法构建合成数据集：{why}',
  'Could not load the files: {why}': '无法加载这些文件：{why}',
  'Decoding images {done}/{total}…': '正在解码图像 {done}/{total}…',
  '{count} images were not 32×32 and were resized': '{count} 张图像不是 32×32，已调整大小',
  'class "{name}" has no usable images (skipped)': '类别“{name}”没有可用的图像（已跳过）',
  '{count} classes; at most 255 are supported': '{count} 个类别；最多支持 255 个',
  'These images cannot be used yet. {problem}': '这些图像暂时还不能使用。{problem}',
  '({train} training, {val} validation)': '（训练 {train} 张，验证 {val} 张）',
  'Every class needs at least {train} training images and {val} validation image: the validation images measure each epoch, decide early stopping and which epoch is saved. Too few in {list}.':
    '每个类别至少需要 {train} 张训练图像和 {val} 张验证图像：验证图像用来衡量每一轮、决定是否早停以及保存哪一轮。图像太少的类别：{list}。',
  '{count} more classes are short too.': '另有 {count} 个类别也不够。',
  'Add images to them (a folder without train/ and test/ sub-folders needs at least {min} per class) or leave them out.':
    '请为这些类别添加图像（没有 train/ 和 test/ 子文件夹的文件夹每类至少需要 {min} 张），或者去掉它们。',
  'Capture at least {frames} frames of every class, {train} to train on and {val} to validate (too few: {classes}).':
    '每个类别至少要拍 {frames} 帧，{train} 帧用于训练、{val} 帧用于验证（不够的类别：{classes}）。',
  "The saved run's record is damaged ({problem}), so it cannot be resumed. Discard it and start afresh.":
    '保存的训练记录已损坏（{problem}），无法继续。请丢弃它并重新开始。',
  '{file} cannot be used: {why}': '{file} 无法使用：{why}',
  'not a CIFAR-10 batch file (skipped)': '不是 CIFAR-10 批次文件（已跳过）',
  'the archive holds no data_batch_N.bin or test_batch.bin': '压缩包里没有 data_batch_N.bin 或 test_batch.bin',
  'could not decode the image ({why})': '无法解码这张图像（{why}）',
  'too small ({width}×{height}, need ≥ {min}×{min})': '太小（{width}×{height}，至少需要 {min}×{min}）',
  'holds {count} records; with those before it that passes {limit}, the most read (CIFAR-10 has 60,000): skipped':
    '含有 {count} 条记录；加上前面的文件会超过最多读取的 {limit} 条（CIFAR-10 共 60,000 条）：已跳过',
  "{total} in all; at most {limit} is read (CIFAR-10's batches are 170 MB)": '总共 {total}；最多只读取 {limit}（CIFAR-10 的批次文件共 170 MB）',
  'This file has no ResNet-18 stem (conv1.weight): pick a torchvision- or Hugging Face-named ResNet-18 .safetensors file.':
    '这个文件没有 ResNet-18 的 stem（conv1.weight）：请选择按 torchvision 或 Hugging Face 命名的 ResNet-18 .safetensors 文件。',
  'This file has no ResNet-18 classifier (fc.weight): pick a torchvision- or Hugging Face-named ResNet-18 .safetensors file.':
    '这个文件没有 ResNet-18 的分类头（fc.weight）：请选择按 torchvision 或 Hugging Face 命名的 ResNet-18 .safetensors 文件。',
  'The stem of this file has shape [{shape}]; a ResNet-18 stem is [64·width, 3, 7, 7] (ImageNet) or [64·width, 3, 3, 3] (CIFAR).':
    '这个文件的 stem 形状是 [{shape}]；ResNet-18 的 stem 应为 [64·width, 3, 7, 7]（ImageNet）或 [64·width, 3, 3, 3]（CIFAR）。',
  // a damaged saved-run record (src/lib/train/idbStore.ts recordProblem)
  'it does not say which dataset it used': '它没有记录用的是哪个数据集',
  'its synthetic dataset settings are incomplete': '它的合成数据集设置不完整',
  'its dataset has no name': '它的数据集没有名字',
  'it has no save time': '它没有保存时间',
  'its test score is damaged': '它的测试得分已损坏',
  'it is unreadable': '它无法读取',
  'its test fraction is {value}': '它的测试集比例是 {value}',
  'it belongs to "{key}"': '它属于“{key}”',
  'its step {step} is not within its {total} steps': '它的第 {step} 步不在它的 {total} 步之内',
  'its steps per epoch are {value}': '它的每轮步数是 {value}',
  'its epoch is {value}': '它的轮数是 {value}',
  'its step is {value}': '它的步数是 {value}',
  'its step count is {value}': '它的总步数是 {value}',
  // gradient heatmap caption (src/lib/viz/gradHeatmap.ts)
  'Rows: {rows} layer, {first} (top) to {last} (bottom), grouped by stage ({groups}); columns: steps {from}–{to}. Colour: log₁₀ {symbol} from {min} (dark) to {max} (yellow); magenta = not finite.':
    '行：{rows} 层，{first}（顶部）到 {last}（底部），按阶段（stage）分组（{groups}）；列：第 {from}–{to} 步。颜色：log₁₀ {symbol}，从 {min}（深色）到 {max}（黄色）；洋红色 = 不是有限数。',
  'Rows: {rows} layers, {first} (top) to {last} (bottom), grouped by stage ({groups}); columns: steps {from}–{to}. Colour: log₁₀ {symbol} from {min} (dark) to {max} (yellow); magenta = not finite.':
    '行：{rows} 层，{first}（顶部）到 {last}（底部），按阶段（stage）分组（{groups}）；列：第 {from}–{to} 步。颜色：log₁₀ {symbol}，从 {min}（深色）到 {max}（黄色）；洋红色 = 不是有限数。',
  // the built-in dataset's classes (src/lib/data/synthetic.ts SYNTHETIC_CLASSES; the ids stay the data); disc, triangle,
  // h-stripes and checks are in zh/teach2.ts (Teach it's example set)
  square: '正方形',
  plus: '加号',
  ring: '圆环',
  'v-stripes': '竖条纹',
  diagonals: '斜条纹',
  dots: '圆点',
} satisfies Record<string, string>;
