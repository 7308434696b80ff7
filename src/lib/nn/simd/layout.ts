/**
 * Layout changes for the filter gradient (wasmKernels.ts: dW as one convolution of the input's channel planes
 * with dy as the kernel), as WebAssembly loops on the heap: each replaces a tfjs Pad + Transpose (two passes
 * of a generic index loop) or a Transpose by one pass. Byte offsets throughout.
 */
import { Fn, I32 } from './asm';

/**
 * dwPlanes(x, out, n, h, w, c, hp, wp, pt, pl): x NHWC [n,h,w,c] → out [c, hp, wp, n], the input zero-padded by
 * pt rows on top and pl columns on the left (and whatever hp, wp leave on the other sides). Walks x pixel by
 * pixel; for each channel the n values of one pixel land contiguously in out (n-strided reads from x).
 */
export function dwPlanes(): Fn {
  const [x, out, n, h, w, c, hp, wp, pt, pl] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [y, xx, k, b, src, dst, s, d, img, chan, pixOut] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const f = new Fn('dwPlanes', [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32], [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  // out ← 0 (the padding), then every input value is written once.
  f.get(out).i32(0).get(c).get(hp).mul().get(wp).mul().get(n).mul().i32(2).shl().fill();
  f.get(h).get(w).mul().get(c).mul().i32(2).shl().set(img);           // bytes between two images of x
  f.get(hp).get(wp).mul().get(n).mul().i32(2).shl().set(chan);        // bytes between two channel planes of out
  f.get(n).i32(2).shl().set(pixOut);                                  // bytes between two pixels of a plane
  f.get(x).set(src);
  f.forRange(y, h, () => {
    f.get(out).get(y).get(pt).add().get(wp).mul().get(pl).add().get(pixOut).mul().add().set(dst);
    f.forRange(xx, w, () => {
      f.get(src).set(s).get(dst).set(d);
      f.forRange(k, c, () => {
        f.forRange(b, n, () => {
          f.get(d).get(b).i32(2).shl().add().get(s).get(b).get(img).mul().add().f32Load().f32Store();
        });
        f.get(s).i32(4).add().set(s).get(d).get(chan).add().set(d);
      });
      f.get(src).get(c).i32(2).shl().add().set(src).get(dst).get(pixOut).add().set(dst);
    });
  });
  return f;
}

/**
 * regroupRows(src, out, n, p, rowBytes): src [n, p, row] → out [p, n, row] (rowBytes a multiple of 16), i.e. dy
 * NHWC [n, oh·ow, cout] → [oh·ow, n, cout], the layout the filter gradient convolves with. Copies 16 bytes at a time.
 */
export function regroupRows(): Fn {
  const [src, out, n, p, row, i, b, s, d, e] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const f = new Fn('regroupRows', [I32, I32, I32, I32, I32], [I32, I32, I32, I32, I32]);
  f.get(out).set(d);
  f.forRange(i, p, () => {
    f.forRange(b, n, () => {
      f.get(src).get(b).get(p).mul().get(i).add().get(row).mul().add().set(s);
      f.get(s).get(row).add().set(e);
      f.block().loop().get(s).get(e).geU().brIf(1);
      f.get(d).get(s).load().store();
      f.get(s).i32(16).add().set(s).get(d).i32(16).add().set(d).br(0).end().end();
    });
  });
  return f;
}
