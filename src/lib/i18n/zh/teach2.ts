/** Lesson "Teach it your classes" (lessons/teach-it), second part: picture sources, training panel and results. */
export default {
  // Studio
  'Weights: {what}': '权重：{what}',
  'untrained (random) — load the real ones first': '未训练（随机）——请先加载真正的权重',
  "The backbone's weights are random: its features mean nothing, so your classes will be learnt from noise features.":
    '主干网络的权重是随机的：它的特征毫无意义，所以你的类别只能从噪声特征中学习。',
  ' (the pretrained size)': '（预训练时的尺寸）',
  'add mirror images (one augmentation draw each)': '加入镜像图片（每张算一次数据增强抽样）',
  'Teach it': '开始教它',
  'Backbone: {seconds} s for all pictures, once (cache {size}).': '主干网络：所有图片只运行一次，用时 {seconds} s（缓存 {size}）。',
  "{what}: {seconds} s for {epochs} epochs, last epoch's loss {loss}.": '{what}：{epochs} 轮用时 {seconds} s，最后一轮的损失为 {loss}。',
  Head: '分类头',
  'Stage 4 + head': '第 4 阶段 + 分类头',
  // Sources
  Webcam: '摄像头',
  "Hold a class's button to record (about 7 frames a second, at most {max} per class).": '按住某个类别的按钮即可录制（每秒约 7 帧，每个类别最多 {max} 张）。',
  Folder: '文件夹',
  'A folder': '文件夹',
  'Drop a folder of class folders': '拖入一个按类别分好子文件夹的文件夹',
  'Drop a folder with one sub-folder per class, or': '拖入一个文件夹（每个类别一个子文件夹），或者',
  'pick it': '点此选择',
  'No pictures found: drop a folder that holds one sub-folder per class.': '没有找到图片：请拖入一个每个类别各有一个子文件夹的文件夹。',
  'your folder ({n} pictures, squashed to {side}×{side})': '你的文件夹（{n} 张图片，缩放成 {side}×{side}）',
  '{n} files skipped ({file}: {reason}).': '跳过了 {n} 个文件（{file}：{reason}）。',
  'Example set': '示例集',
  'The example set': '示例集',
  'Make the example set': '生成示例集',
  'the procedural example set (drawings, not photos)': '程序生成的示例集（是绘图，不是照片）',
  'Four classes of drawn shapes and textures (disc, triangle, stripes, checks) in random colours, made here.':
    '四类绘制的形状和纹理（圆盘、三角形、横条纹、棋盘格），颜色随机，在本页生成。',
  'They are drawings, not photos: easy for ImageNet features, so they show the mechanics, not real-world accuracy.':
    '它们是绘图，不是照片：用 ImageNet 特征很容易区分，所以它们展示的是整个流程如何运作，而不是真实场景中的准确率。',
  disc: '圆盘',
  triangle: '三角形',
  'h-stripes': '横条纹',
  checks: '棋盘格',
  Classes: '类别',
  'Recording…': '录制中…',
  'Hold to record': '按住录制',
  '{n} pictures': '{n} 张图片',
  'Pictures from {origin}.': '图片来源：{origin}。',
  // Session messages
  'Class "{name}" has {max} pictures, the most this page keeps.': '类别“{name}”已有 {max} 张图片，这是本页最多保留的数量。',
  'At most {max} classes.': '最多 {max} 个类别。',
  'class {n}': '类别 {n}',
  'Only the first {max} classes were kept.': '只保留了前 {max} 个类别。',
  'The worker stopped: {reason} Try fewer pictures or a smaller crop.': '后台线程停止了：{reason} 请减少图片或换用更小的裁剪尺寸。',
  'out of memory?': '内存不足？',
  'Teaching needs at least two classes.': '至少需要两个类别才能教。',
  '{name} ({n})': '{name}（{n} 张）',
  'Every class needs at least {n} pictures (a quarter of each class is held out to check the result); too few in {list}.':
    '每个类别至少需要 {n} 张图片（每个类别有四分之一留出来检验结果）；图片太少的类别：{list}。',
  // The worker's messages (it is told the page's language with every request)
  'Those backbone outputs were not kept (or all layers have trained since): train again.': '那些主干网络输出没有保留下来（或者之后所有层都已经训练过）：请重新训练。',
  'Compute the features first.': '请先计算特征。',
  "The loaded weights have no tensor '{name}' of shape [{shape}]: load a ResNet-18 (ImageNet) checkpoint.":
    '加载的权重里没有形状为 [{shape}] 的张量“{name}”：请加载一个 ResNet-18（ImageNet）检查点。',
  // Camera (src/lib/data/captured.ts, shared with the studio's webcam)
  'No camera was found. Connect one (or use a folder of images instead).': '没有找到摄像头。请连接一个（或者改用一个图片文件夹）。',
  "Camera access was refused. Allow it in the browser's site settings and try again, or use a folder of images.":
    '摄像头访问被拒绝。请在浏览器的网站设置中允许访问后重试，或者改用一个图片文件夹。',
  'The camera is busy or could not start (another application may be using it).': '摄像头正忙或无法启动（可能有其他应用正在使用它）。',
  'This browser offers no camera access here (it needs https or localhost).': '这个浏览器在这里无法访问摄像头（需要 https 或 localhost）。',
  'The camera could not be opened: {reason}': '无法打开摄像头：{reason}',
  // Results
  'Held-out pictures: rows true class, columns predicted': '留出图片：行是真实类别，列是预测类别',
  "Predicted {label} ({pct} %). Grad-CAM for {cls}: bright parts raised that class's score.": '预测为 {label}（{pct} %）。{cls} 的 Grad-CAM：亮的部分提高了这个类别的得分。',
  'Try it': '试一试',
  Export: '导出',
  'Held-out pictures ({n})': '留出图片（{n} 张）',
  'predict from the webcam': '用摄像头实时预测',
  'or pick a photo': '或者选一张照片',
  'Grad-CAM for': 'Grad-CAM 显示的类别',
  'the top class': '得分最高的类别',
  'Take it with you': '把模型带走',
  'Download {file}': '下载 {file}',
} satisfies Record<string, string>;
