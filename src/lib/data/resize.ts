/**
 * Area-weighted resampling of RGBA (or RGB) pixels to a square RGB image: each output pixel is the average
 * of the source area it covers, weighted by overlap — a proper anti-aliased downscale (photos → 32×32),
 * and nearest-like when upscaling.
 */

/** Weights of source indices covering output cell [i·s, (i+1)·s), s = src/dst. */
function spans(src: number, dst: number): { start: number; w: number[] }[] {
  const s = src / dst;
  const out: { start: number; w: number[] }[] = [];
  for (let i = 0; i < dst; i++) {
    const a = i * s;
    const b = (i + 1) * s;
    const start = Math.floor(a);
    const w: number[] = [];
    for (let j = start; j < Math.min(src, Math.ceil(b)); j++) w.push((Math.min(b, j + 1) - Math.max(a, j)) / s);
    out.push({ start, w });
  }
  return out;
}

/** Resizes `pixels` (width×height, `channels` 3 or 4, row-major) to out×out RGB uint8 (HWC). */
export function resizeToRgb(pixels: ArrayLike<number>, width: number, height: number, channels: number, outW: number, outH = outW): Uint8Array {
  const xs = spans(width, outW);
  const ys = spans(height, outH);
  const out = new Uint8Array(outW * outH * 3);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const acc = [0, 0, 0];
      ys[y].w.forEach((wy, dy) => {
        xs[x].w.forEach((wx, dx) => {
          const p = ((ys[y].start + dy) * width + xs[x].start + dx) * channels;
          for (let c = 0; c < 3; c++) acc[c] += wy * wx * pixels[p + c];
        });
      });
      for (let c = 0; c < 3; c++) out[(y * outW + x) * 3 + c] = Math.round(Math.min(255, Math.max(0, acc[c])));
    }
  }
  return out;
}
