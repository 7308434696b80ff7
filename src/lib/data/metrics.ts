/**
 * Classification metrics on plain arrays (scores read off the model with `await t.data()`).
 * Confusion matrix convention: rows are the true class, columns the predicted class.
 */

/** Index of the largest of k scores for each of n rows; scores is row-major [n, k]. */
export function argmaxRows(scores: ArrayLike<number>, k: number): Int32Array {
  const n = scores.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[i * k + j] > scores[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Fraction of rows whose true label is among the `top` highest scores (ties broken by lower index). */
export function topKAccuracy(scores: ArrayLike<number>, k: number, labels: ArrayLike<number>, top: number): number {
  const n = labels.length;
  if (n === 0) return 0;
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i * k + labels[i]];
    let rank = 0;
    for (let j = 0; j < k; j++) {
      const v = scores[i * k + j];
      if (v > s || (v === s && j < labels[i])) rank += 1;
    }
    if (rank < top) hit += 1;
  }
  return hit / n;
}

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
