/**
 * Shared frame and components (table of contents, step navigation, the backend chip and banners, offline note,
 * theme switch, figure frame and menu, model figures, weights) and the messages of src/lib (hub, model, backend),
 * plus the Architecture and Run it lessons' components.
 */
export default {
  // Table of contents and step navigation
  'all {total} steps seen': '{total} 步已全部看过',
  '{seen} of {total} steps seen': '已看 {seen} 步，共 {total} 步',
  'steps seen': '已看过的步数',
  'coming soon': '即将推出',
  'Forget which steps I have seen': '清除已看步骤的记录',
  Step: '步骤',
  '← Previous': '← 上一步',
  'or use the ← → keys': '也可以用 ← → 键',
  'End of the notebook so far': '目前的内容到此为止',
  Next: '下一步',
  'Next lesson: {title}': '下一课：{title}',

  // Backend banner and chip
  'The graphics driver reset (WebGL context lost).': '显卡驱动重置了（WebGL 上下文丢失）。',
  'Figures are paused so nothing stale or garbled is shown; they recompute as soon as WebGL comes back.':
    '图表已暂停，以免显示过时或错乱的内容；WebGL 一恢复，它们就会重新计算。',
  'Restart WebGL now': '立即重启 WebGL',
  'No compute backend could start.': '没有任何计算后端能够启动。',
  'Try a current Chrome, Edge or Firefox.': '请试试最新版的 Chrome、Edge 或 Firefox。',
  'Try again': '重试',
  'no WebGL2': '无 WebGL2',
  'starting…': '启动中…',
  'no backend': '无后端',
  'WebGL lost': 'WebGL 已丢失',
  'Automatic (recommended)': '自动（推荐）',
  'WebGL (GPU)': 'WebGL（GPU）',
  'wasm (CPU, fast)': 'wasm（CPU，较快）',
  'cpu (plain JavaScript, slow)': 'cpu（纯 JavaScript，较慢）',
  ' (software)': '（软件渲染）',
  'Compute backend': '计算后端',
  Renderer: '渲染器',
  'WebGL2 unavailable': 'WebGL2 不可用',
  'threaded build': '多线程版本',
  'single-threaded build': '单线程版本',
  ', ': '，',
  'SIMD on': 'SIMD 已开启',
  'SIMD off': 'SIMD 未开启',
  '(threads need a cross-origin isolated page: COOP/COEP headers)': '（多线程需要跨源隔离的页面：COOP/COEP 响应头）',
  'Compute with': '计算方式',
  '{n} thread': '{n} 个线程',
  '{n} threads': '{n} 个线程',
  '{n} compute thread': '{n} 个计算线程',
  '{n} compute threads': '{n} 个计算线程',
  'Everything works; running the full ResNet-18 and training are slower than on a GPU. To use a GPU, turn on hardware acceleration in your browser settings or try a current Chrome, Edge or Firefox.':
    '一切功能都可用，只是运行完整的 ResNet-18 和训练会比在 GPU 上慢。要使用 GPU，请在浏览器设置中开启硬件加速，或试试最新版的 Chrome、Edge 或 Firefox。',
  'You chose the {name} backend.': '你选择了 {name} 后端。',
  'WebGL2 is not available here ({problem}), so the notebook computes with WebAssembly on your CPU.':
    '此处无法使用 WebGL2（{problem}），因此笔记本改用 WebAssembly 在你的 CPU 上计算。',
  'unknown reason': '原因不明',
  'the browser gave no WebGL2 context: WebGL is switched off or unsupported': '浏览器没有提供 WebGL2 上下文：WebGL 已被关闭或不受支持',
  'Your WebGL runs on {renderer}, a software renderer (no GPU is used). WebAssembly (wasm) is about 12× faster than that for ResNet-18, so the notebook uses wasm.':
    '你的 WebGL 运行在软件渲染器 {renderer} 上（没有用到 GPU）。对 ResNet-18 而言，WebAssembly（wasm）比它快约 12 倍，因此笔记本使用 wasm。',
  'WebGL2 runs on your GPU ({renderer}), the fastest option.': 'WebGL2 运行在你的 GPU（{renderer}）上，这是最快的选项。',
  '{name} could not start{why}, so the notebook computes with WebAssembly on your CPU.':
    '{name} 无法启动{why}，因此笔记本改用 WebAssembly 在你的 CPU 上计算。',
  'Neither WebGL2 nor WebAssembly could start{why}, so the notebook uses plain JavaScript (the cpu backend). Small figures work, but it is about 25× slower than WebAssembly: running the full ResNet-18 takes many seconds and training is impractical. Try a current Chrome, Edge or Firefox.':
    'WebGL2 和 WebAssembly 都无法启动{why}，因此笔记本使用纯 JavaScript（cpu 后端）。小图表可以正常工作，但它比 WebAssembly 慢约 25 倍：运行完整的 ResNet-18 要花许多秒，训练也不现实。请试试最新版的 Chrome、Edge 或 Firefox。',
  '{failed} could not start{why}; the notebook uses {used} instead.': '{failed} 无法启动{why}；笔记本改用 {used}。',

  // Offline note and update bar
  'A new version of the notebook is ready.': '笔记本的新版本已准备好。',
  '{files} files are stored in this browser': '本浏览器中存储了 {files} 个文件',
  'Available offline: after this visit every lesson opens without a network.': '可离线使用：这次访问之后，每一课都能在没有网络时打开。',
  'Saving the lessons for offline use…': '正在保存课程以供离线使用…',
  'Not yet available offline (the download stopped); it is retried on your next visit.': '暂不能离线使用（下载中断了）；下次访问时会重试。',

  // Theme switch
  'Your choice (click again to follow the system setting)': '你的选择（再点一次则跟随系统设置）',
  'Follows your system setting': '跟随系统设置',
  'Dark mode': '深色模式',

  // A lesson not built yet
  'Coming soon': '即将推出',
  'This lesson is not built yet. When it is, it will cover: {summary}': '这一课还没有完成。完成后将涵盖：{summary}',
  'No lesson called “{id}”': '没有名为“{id}”的课程',
  'The link may be old or mistyped.': '链接可能已过时或有拼写错误。',
  'Go to the welcome lesson': '前往欢迎课',
  'or pick a lesson from the list.': '，或从列表中选择一课。',

  // Figure frame and its menu
  'This figure could not run.': '这个图表无法运行。',
  'What it shows: {alt}': '它展示的内容：{alt}',
  'Text description': '文字描述',
  'Could not save this picture: {reason}': '无法保存这张图片：{reason}',
  'Save picture': '保存图片',
  'Save a picture of this figure': '保存这个图表的图片',
  'No chart or picture is drawn yet.': '还没有绘制任何图表或图片。',
} satisfies Record<string, string>;
