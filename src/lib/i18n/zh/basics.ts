/** The first lessons' own figures: welcome, convolution, pooling, batch norm (lessons/<id>/*.svelte, *.svelte.ts). */
export default {
  // welcome: backend facts
  'Backend in use': '正在使用的后端',
  '(your choice)': '（由你选择）',
  '(chosen automatically)': '（自动选择）',
  'WebGL2 renderer': 'WebGL2 渲染器',
  'none — WebGL2 is not available': '无——WebGL2 不可用',
  'software: runs on the CPU': '软件渲染：在 CPU 上运行',
  'hardware GPU': '硬件 GPU',
  Why: '原因',
  Fallback: '回退',
  'wasm threads': 'wasm 线程',
  'single-threaded build; 1 compute thread': '单线程版本；1 个计算线程',
  'multi-threaded build; 1 compute thread on {cores} logical cores (tfjs uses half of them)':
    '多线程版本；在 {cores} 个逻辑核心上使用 1 个计算线程（tfjs 使用其中一半）',
  'multi-threaded build; {n} compute threads on {cores} logical cores (tfjs uses half of them)':
    '多线程版本；在 {cores} 个逻辑核心上使用 {n} 个计算线程（tfjs 使用其中一半）',
  '— this page is not cross-origin isolated (COOP/COEP headers), so wasm cannot use threads':
    '——本页没有跨源隔离（COOP/COEP 响应头），因此 wasm 无法使用多线程',
  'wasm SIMD': 'wasm SIMD 指令',
  yes: '支持',
  no: '不支持',
  'Measuring…': '正在测量…',
  'Time one ResNet-18 convolution here': '在这台设备上为一次 ResNet-18 卷积计时',
  'One 3×3 convolution at stage-1 size (56×56×64 → 64, {macs} M multiply-adds) took':
    '一次第 1 阶段尺寸的 3×3 卷积（56×56×64 → 64，{macs} M 次乘加）耗时',
  'on {backend} (mean of {runs} runs after a warm-up) ≈ {rate} G multiply-adds per second.':
    '（{backend} 后端，预热后 {runs} 次运行的平均值），约合每秒 {rate} G 次乘加。',
  'Measuring failed: {error}': '测量失败：{error}',
  // welcome: first live convolution
  'Input x (5×5)': '输入 x（5×5）',
  'Kernel w (3×3)': '卷积核 w（3×3）',
  'Output y (3×3), by tf.conv2d on {backend}': '输出 y（3×3），由 tf.conv2d 在 {backend} 上计算',
  'The convolution failed: {error}': '卷积计算失败：{error}',
  'computing…': '正在计算…',
  'Top-left output:': '左上角的输出：',
} satisfies Record<string, string>;
