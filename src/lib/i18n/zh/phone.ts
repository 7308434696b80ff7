/** Chinese for the phone-width fixes (issue 15, rough edge 5): the confusion matrix's scroll box and the per-class table. */
export default {
  'Confusion matrix: rows true class, columns predicted class': '混淆矩阵：行是真实类别，列是预测类别',
  '{count} {trueName} predicted as {predicted}': '{count} 张{trueName}被预测为{predicted}',
  'Scroll sideways for more columns': '左右滑动可查看更多列',
  'Precision, recall and F1 of each class': '每个类别的精确率、召回率和 F1',
} satisfies Record<string, string>;
