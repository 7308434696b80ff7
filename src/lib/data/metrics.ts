/**
 * Classification metrics on plain arrays of predictions (argmax, top-k accuracy and cross-entropy of logits
 * live with the evaluation loop, nn/evaluate.ts).
 * Confusion matrix convention: rows are the true class, columns the predicted class.
 */

/** k×k counts: m[t][p] = number of images of true class t predicted as p. */
export function confusionMatrix(labels: ArrayLike<number>, preds: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][preds[i]] += 1;
  return m;
}

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * Per-class precision tp/(tp+fp), recall tp/(tp+fn), F1 = 2PR/(P+R), support = true count; a ratio with a
 * zero denominator is 0 (as scikit-learn's zero_division=0). Also macro averages.
 */
export function perClassReport(cm: number[][]): { classes: ClassReport[]; macro: Omit<ClassReport, 'support'> } {
  const k = cm.length;
  const classes: ClassReport[] = [];
  for (let c = 0; c < k; c++) {
    const tp = cm[c][c];
    let col = 0;
    let row = 0;
    for (let j = 0; j < k; j++) {
      col += cm[j][c];
      row += cm[c][j];
    }
    const precision = col === 0 ? 0 : tp / col;
    const recall = row === 0 ? 0 : tp / row;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    classes.push({ precision, recall, f1, support: row });
  }
  const avg = (f: (r: ClassReport) => number) => classes.reduce((s, r) => s + f(r), 0) / Math.max(1, k);
  return { classes, macro: { precision: avg((r) => r.precision), recall: avg((r) => r.recall), f1: avg((r) => r.f1) } };
}
