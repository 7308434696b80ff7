/** Lesson "Ship it" (lessons/ship-it), second part: the quantization, calibration, runtime and SE-cost figures. */
export default {
  // Calibration
  'Output of': '输出层',
  min: '最小',
  range: '范围',
  'uint8 step': 'uint8 量化间隔',
  'zero point': '零点',
  'Calibration failed: {reason}': '校准失败：{reason}',
  'Running the calibration photos through the model…': '正在让模型处理校准照片…',
  // Whole-network effect
  'Random weights: the sizes are real, but agreement between near-equal random logits says little.':
    '随机权重：大小是真实的，但几乎相等的随机 logit 之间是否一致说明不了什么。',
  Weights: '权重',
  'Top-1 = fp32': 'top-1 与 fp32 相同',
  'fp32 (as loaded)': 'fp32（加载时的原样）',
  'fp16 weights': 'fp16 权重',
  'int8 weights, per tensor': 'int8 权重，逐张量',
  'int8 weights, per channel': 'int8 权重，逐通道',
  'Could not compute the comparison: {reason}': '无法计算这组对比：{reason}',
  'Running fp32, fp16 and two int8 copies of the model on the sample photos…': '正在示例照片上运行模型的 fp32、fp16 和两个 int8 副本…',
  // One layer's weights
  'per tensor': '逐张量',
  'per channel': '逐通道',
  'Output channel': '输出通道',
  'Grid step {step} (one scale for all {channels} channels); whole tensor, {count} weights: max error {max}, rms {rms}, SQNR {sqnr} dB.':
    '网格间隔 {step}（{channels} 个通道共用一个缩放因子）；整个张量共 {count} 个权重：最大误差 {max}，均方根误差 {rms}，SQNR {sqnr} dB。',
  "Grid step {step} (channel {channel}'s own scale, of {channels} channels); whole tensor, {count} weights: max error {max}, rms {rms}, SQNR {sqnr} dB.":
    '网格间隔 {step}（第 {channel} 个通道自己的缩放因子，共 {channels} 个通道）；整个张量共 {count} 个权重：最大误差 {max}，均方根误差 {rms}，SQNR {sqnr} dB。',
  'Histogram of {n} weights between {lo} and {hi}, with {levels} quantization levels of step {step} inside that range.':
    '{n} 个权重的直方图，取值在 {lo} 到 {hi} 之间；这个范围内有 {levels} 个量化级别，间隔为 {step}。',
  // Per-layer table
  Weight: '权重张量',
  Values: '数值个数',
  'rms error, per tensor': '均方根误差（逐张量）',
  'SQNR per tensor': 'SQNR（逐张量）',
  'Quantizing {n} weight tensors…': '正在量化 {n} 个权重张量…',
  // Runtimes
  'Export and measure': '导出并测量',
  Runtime: '运行时',
  'Top-1 = tfjs': 'top-1 与 tfjs 相同',
  'Latency median': '延迟中位数',
  'Batch {b}': '批次大小 {b}',
  'Weights held': '占用的权重',
  'Latency: {runs} single-image runs after a warm-up (nearest-rank p95 of {runs} runs is the slowest of them). Throughput: one batch each. "Weights held": the tfjs variables, or the .onnx file ONNX Runtime holds.':
    '延迟：预热后逐张运行 {runs} 次（{runs} 次运行按最近秩法取的 p95 就是其中最慢的一次）。吞吐量：每种批次大小各运行一批。“占用的权重”：tfjs 的变量，或 ONNX Runtime 持有的 .onnx 文件。',
  '{label} is slow here: it was timed over {runs} single-image runs, and a batch whose run would take over {limit} s is left out (—).':
    '{label} 在这里很慢：单张图片只计时了 {runs} 次；预计一批要运行超过 {limit} 秒的批次大小没有测（—）。',
  'The measurement stopped: {reason}': '测量已中止：{reason}',
  'Preparing the sample photos…': '正在准备示例照片…',
  'Measuring tfjs…': '正在测量 tfjs…',
  'Exporting fp32 ONNX…': '正在导出 fp32 ONNX…',
  'Calibrating and exporting int8 ONNX…': '正在校准并导出 int8 ONNX…',
  'Measuring {label}…': '正在测量 {label}…',
  // SE block
  'Basic block with SE: conv, BN, ReLU, conv, BN, then the squeeze-and-excitation gate (pool, FC, ReLU, FC, sigmoid) scales each channel before the residual add and ReLU.':
    '带 SE 的基本残差块：卷积、BN、ReLU、卷积、BN，然后 SE（挤压-激励）门控（池化、FC、ReLU、FC、sigmoid）在残差相加和 ReLU 之前缩放每个通道。',
  '3×3 conv': '3×3 卷积',
  'global avg pool → C': '全局平均池化 → C',
  'squeeze: one number per channel → excitation: a gate in (0,1) per channel': '挤压：每个通道一个数 → 激励：每个通道一个 (0,1) 之间的门控值',
  'Reduction r': '缩减比 r',
  Map: '特征图',
  'SE params / block': '每个残差块的 SE 参数',
  'SE multiply-adds': 'SE 乘加次数',
  "Block's convs": '残差块卷积的乘加次数',
  Extra: '额外开销',
  'All 8 blocks of ResNet-18:': 'ResNet-18 的全部 8 个残差块：共',
  'extra parameters ({pct}% of {all}).': '个额外参数（占 {all} 的 {pct}%）。',
  // Training comparisons
  'The training worker stopped: {reason}': '训练后台线程停止了：{reason}',
  'out of memory?': '内存不足？',
  'The loss became {loss}: the run diverged.': '损失变成了 {loss}：训练发散了。',
} satisfies Record<string, string>;
