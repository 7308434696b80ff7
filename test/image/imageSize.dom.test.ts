/**
 * Picture sizes from file headers (imageSize.ts), against files whose size is known by construction or read by
 * an independent decoder (jpeg-js), and the header check that refuses a 20000×20000 picture before decoding.
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { imageSize } from '../../src/lib/image/imageSize';
import { loadImageFile, pictureFromFile } from '../../src/lib/image/imageSource';

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A valid PNG of w×h grey pixels (signature, IHDR, one IDAT, IEND); CRCs are not checked by the sniffer. */
function png(w: number, h: number, withData = true): Uint8Array {
  const chunk = (type: string, data: number[] | Uint8Array) => [...be32(data.length), ...Buffer.from(type), ...data, 0, 0, 0, 0];
  const raw = withData ? deflateSync(Buffer.alloc(h * (w + 1))) : Buffer.alloc(0);
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', [...be32(w), ...be32(h), 8, 0, 0, 0, 0]), ...chunk('IDAT', raw), ...chunk('IEND', [])]);
}

/** An EXIF APP1 segment (big-endian TIFF) whose IFD0 holds one entry: Orientation = `o`. */
function exifApp1(o: number): number[] {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, 0, 0, 0, 0, 0, 0];
  const body = [...Buffer.from('Exif\0\0'), ...tiff];
  return [0xff, 0xe1, ((body.length + 2) >> 8) & 255, (body.length + 2) & 255, ...body];
}

afterEach(() => { vi.restoreAllMocks(); vi.unstubAllGlobals(); });

describe('imageSize reads the size from the header', () => {
  it('PNG (IHDR) and JPEG (SOF, after an EXIF segment) as an independent encoder/decoder made them', () => {
    expect(imageSize(png(317, 41))).toEqual({ width: 317, height: 41, format: 'png' });
    const jpg = new Uint8Array(jpeg.encode({ width: 45, height: 29, data: Buffer.alloc(45 * 29 * 4, 200) }, 80).data);
    expect(imageSize(jpg)).toEqual({ width: 45, height: 29, format: 'jpeg' });
    const rocket = new Uint8Array(readFileSync(path.resolve(__dirname, '../../public/samples/rocket.jpg')));
    const ref = jpeg.decode(rocket, { useTArray: true });
    expect(imageSize(rocket)).toEqual({ width: ref.width, height: ref.height, format: 'jpeg' });
  });

  it('an EXIF orientation of 5–8 (a quarter turn) swaps width and height; 1–4 do not', () => {
    const jpg = new Uint8Array(jpeg.encode({ width: 45, height: 29, data: Buffer.alloc(45 * 29 * 4) }, 80).data);
    const withExif = (o: number) => Uint8Array.from([0xff, 0xd8, ...exifApp1(o), ...jpg.subarray(2)]);
    expect(imageSize(withExif(6))).toMatchObject({ width: 29, height: 45 });
    expect(imageSize(withExif(8))).toMatchObject({ width: 29, height: 45 });
    expect(imageSize(withExif(3))).toMatchObject({ width: 45, height: 29 });
  });

  it('GIF, BMP (negative height = top-down) and the three WebP headers, written from their specs', () => {
    expect(imageSize(Uint8Array.from([...Buffer.from('GIF89a'), 0x2c, 0x01, 0xc8, 0x00, 0, 0]))).toEqual({ width: 300, height: 200, format: 'gif' });
    const bmp = new Uint8Array(54);
    bmp.set(Buffer.from('BM'));
    new DataView(bmp.buffer).setInt32(18, 640, true);
    new DataView(bmp.buffer).setInt32(22, -480, true);
    expect(imageSize(bmp)).toEqual({ width: 640, height: 480, format: 'bmp' });
    const riff = (chunk: string, body: number[]) => Uint8Array.from([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP'), ...Buffer.from(chunk), 0, 0, 0, 0, ...body, ...new Array(16).fill(0)]);
    // VP8X: 24-bit (width − 1) and (height − 1) at bytes 24 and 27
    expect(imageSize(riff('VP8X', [0, 0, 0, 0, 0x1f, 0x4e, 0x00, 0x0f, 0x27, 0x00]))).toEqual({ width: 20000, height: 10000, format: 'webp' });
    // VP8L: signature 0x2f, then 14 bits (width − 1) and 14 bits (height − 1)
    const bits = (99 & 0x3fff) | ((49 & 0x3fff) << 14);
    expect(imageSize(riff('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >>> 24) & 255]))).toEqual({ width: 100, height: 50, format: 'webp' });
    // VP8 (lossy): frame tag, start code 9d 01 2a, 14-bit width and height
    expect(imageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]))).toEqual({ width: 640, height: 480, format: 'webp' });
  });

  it('unknown or cut headers give null, never a throw', () => {
    for (const b of [new Uint8Array(0), Uint8Array.from([0xff, 0xd8]), png(10, 10).subarray(0, 20), Buffer.from('hello world, not a picture')]) {
      expect(imageSize(new Uint8Array(b))).toBeNull();
    }
  });
});

describe('the header check before decoding', () => {
  it('a 20000×20000 PNG is refused in words, and never reaches the decoder', async () => {
    const decode = vi.fn();
    vi.stubGlobal('createImageBitmap', decode);
    const huge = new File([png(20000, 20000, false) as BlobPart], 'huge.png', { type: 'image/png' });
    await expect(loadImageFile(huge)).rejects.toThrow('"huge.png" is 20000×20000 px (400 megapixels); pictures over 64 megapixels are not decoded here. Scale it down first.');
    await expect(pictureFromFile(huge)).rejects.toThrow('400 megapixels');
    expect(decode).not.toHaveBeenCalled();
  });
});
