/** The page frame: header, table of contents, lesson view, step navigation, banners. */
export default {
  'Skip to the lesson': '跳到课程内容',
  Lessons: '课程',
  'ResNet-18 Notebook': 'ResNet-18 笔记本',
  Reload: '重新加载',
  'Loading the lesson…': '正在加载课程…',
  'Could not load the lesson: {reason}': '无法加载课程：{reason}',
  'step {step} of {count}': '第 {step} 步，共 {count} 步',
  'Paused until WebGL is back.': '已暂停，等待 WebGL 恢复。',
  'Needs a compute backend.': '需要一个计算后端。',
  'Starting the compute backend…': '正在启动计算后端…',
  'Grad-CAM heat map laid over the picture': '叠加在图片上的 Grad-CAM 热力图',
} satisfies Record<string, string>;
