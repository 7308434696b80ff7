/**
 * PyTorch lines for the code cells' "same in PyTorch" block. PyTorch is NCHW (batch, channels, height, width)
 * with conv weights [out, in, kh, kw]; tfjs here is NHWC with kernels [kh, kw, in, out]. Only text: nothing runs.
 */

/** Zero padding before/after along one axis (rows or columns), as the lessons' Conv2DSettings hold it. */
export interface PadSides {
  before: number;
  after: number;
}

/** The imports every snippet starts with. */
export const TORCH_IMPORTS = 'import torch\nimport torch.nn.functional as F';

/** A nested array as a Python literal, numbers rounded to 4 decimals (as the tfjs cells print kernels). */
export function pyList(values: unknown): string {
  if (Array.isArray(values)) return `[${values.map(pyList).join(', ')}]`;
  return String(+(values as number).toFixed(4));
}

/**
 * How to pass tfjs-style explicit padding to F.conv2d / F.max_pool2d: `padding=(p_rows, p_cols)` when each axis is
 * padded equally on both sides; otherwise F.conv2d's padding cannot say it (it pads symmetrically), so an
 * F.pad(x, (left, right, top, bottom)) line comes first and `padding=0`.
 */
export function torchPadding(rows: PadSides, cols: PadSides, name = 'x'): { pre: string | null; arg: string } {
  if (rows.before === rows.after && cols.before === cols.after) {
    return { pre: null, arg: rows.before === cols.before ? `padding=${rows.before}` : `padding=(${rows.before}, ${cols.before})` };
  }
  return {
    pre: `${name} = F.pad(${name}, (${cols.before}, ${cols.after}, ${rows.before}, ${rows.after}))  # (left, right, top, bottom): uneven, so padded by hand`,
    arg: 'padding=0',
  };
}
