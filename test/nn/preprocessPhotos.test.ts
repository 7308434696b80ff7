import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { sharedRoot, readFixture } from '../helpers/fixtures';
import path from 'node:path';
import { preprocess, type RgbaImage } from '../../src/lib/nn/preprocess';
import { parseSafetensors, toFloat32 } from '../../src/lib/nn/io/safetensors';

/** Minimal PNG decoder for 8-bit RGB/RGBA, non-interlaced (the sample photos): inflate + unfilter. */
function decodePng(buf: Buffer): RgbaImage {
  let at = 8;
  let width = 0, height = 0, ctype = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4); ctype = body[9];
      if (body[8] !== 8 || body[12] !== 0 || (ctype !== 2 && ctype !== 6)) throw new Error('unsupported PNG');
    } else if (type === 'IDAT') idat.push(body);
    at += 12 + len;
  }
  const bpp = ctype === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= bpp ? px[y * stride + x - bpp] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      px[y * stride + x] = (v + [0, a, b, (a + b) >> 1, paeth][f]) & 255;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = px[i * bpp + c];
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

describe('preprocessing the sample photos like the fixture', () => {
  it('reproduces the fixture pixel_values of chelsea.png and coffee.png (torchvision/PIL pipeline)', () => {
    const ref = parseSafetensors(readFixture('resnet18/hf/reference.safetensors'));
    const names = JSON.parse(ref.metadata.images) as string[];
    const pv = ref.tensors.get('pixel_values')!;
    const all = toFloat32(pv);
    const [, C, H, W] = pv.shape;
    for (const name of names.filter((n) => n.endsWith('.png'))) {
      const n = names.indexOf(name);
      const img = decodePng(readFileSync(path.join(sharedRoot(), 'samples', name)));
      const got = preprocess(img);
      let max = 0, exact = 0;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
        const d = Math.abs(got.pixels[(y * W + x) * 3 + c] - all[((n * C + c) * H + y) * W + x]);
        max = Math.max(max, d);
        if (d < 1e-5) exact++;
      }
      // One 8-bit level is 1/255/std ≤ 0.0175: Pillow's fixed-point rounding may differ from ours by one
      // level on a few pixels; a wrong filter, size or crop offset would differ by many levels on most.
      expect(max, name).toBeLessThan(0.018);
      expect(exact / (H * W * C), name).toBeGreaterThan(0.99);
    }
  });
});
