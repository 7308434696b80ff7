import { describe, it, expect } from 'vitest';
import { loadImageFolder, classifyPath, type ImageDecoder, type FolderFile } from '../../src/lib/data/folders';

/** Test image format: 'IMG' w h then w·h RGB bytes; anything else fails to decode like a corrupt file. */
function img(w: number, h: number, fill: (x: number, y: number, c: number) => number): Uint8Array {
  const out = new Uint8Array(5 + w * h * 3);
  out.set([73, 77, 71, w, h]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) out[5 + (y * w + x) * 3 + c] = fill(x, y, c);
  return out;
}
const decode: ImageDecoder = async (b) => {
  if (b[0] !== 73 || b[1] !== 77 || b[2] !== 71) throw new Error('bad header');
  return { width: b[3], height: b[4], channels: 3, data: b.subarray(5) };
};
const file = (path: string, bytes: Uint8Array): FolderFile => ({ path, read: async () => bytes });

describe('folder loader', () => {
  it('finds split and class from the path', () => {
    expect(classifyPath('cifar/train/cat/1.png')).toEqual({ split: 'train', cls: 'cat' });
    expect(classifyPath('mine/test/dog/x.jpg')).toEqual({ split: 'test', cls: 'dog' });
    expect(classifyPath('photos/dog/x.jpg')).toEqual({ split: 'train', cls: 'dog' });
    expect('reason' in classifyPath('x.jpg')).toBe(true);
  });

  it('reads class folders in Unicode NFC: "café" precomposed and decomposed (macOS) is one class', async () => {
    const nfc: string = 'caf\u00e9';
    const nfd: string = 'cafe\u0301';
    expect(nfc).not.toBe(nfd); // two different strings that display the same
    expect(classifyPath(`set/train/${nfd}/1.png`)).toEqual({ split: 'train', cls: nfc });
    const res = await loadImageFolder([
      file(`set/${nfc}/a.png`, img(32, 32, () => 1)),
      file(`set/${nfd}/b.png`, img(32, 32, () => 2)),
      file('set/tea/c.png', img(32, 32, () => 3)),
    ], decode);
    expect(res.train!.classNames).toEqual([nfc, 'tea']);
    expect(Array.from(res.train!.labels)).toEqual([0, 0, 1]);
  });

  it('loads good images, resizes wrong sizes, and lists bad files with reasons', async () => {
    const files = [
      file('set/cat/a.png', img(32, 32, (x, y, c) => (x + y + c) % 256)),
      file('set/cat/big.png', img(64, 64, (x, y, c) => (x * 3 + y * 5 + c * 11) % 256)),
      file('set/dog/b.jpg', img(32, 32, () => 200)),
      file('set/dog/readme.txt', new Uint8Array([1])),
      file('set/dog/broken.jpg', new Uint8Array([1, 2, 3])),
      file('set/dog/tiny.png', img(4, 4, () => 0)),
      file('set/empty/only.txt', new Uint8Array([1])),
      file('set/.DS_Store', new Uint8Array([0])),
      file('loose.png', img(32, 32, () => 1)),
    ];
    const res = await loadImageFolder(files, decode);
    expect(res.train!.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(res.train!.labels)).toEqual([0, 0, 1]);
    expect(res.test).toBeNull();
    expect(res.resized).toBe(1);
    const reasons = Object.fromEntries(res.problems.map((p) => [p.file, p.reason]));
    expect(reasons['set/dog/readme.txt']).toMatch(/not an image/);
    expect(reasons['set/dog/broken.jpg']).toMatch(/could not decode/);
    expect(reasons['set/dog/tiny.png']).toMatch(/too small/);
    expect(reasons['empty']).toMatch(/no usable images/);
    expect(reasons['loose.png']).toMatch(/class folder/);
    expect(res.problems.some((p) => p.file.includes('.DS_Store'))).toBe(false);
    // 64→32 is an exact 2×2 box average: check against the mean of the four source pixels.
    const src = (x: number, y: number, c: number) => (x * 3 + y * 5 + c * 11) % 256;
    const px = 32 * 32 * 3;
    for (const [y, x] of [[0, 0], [7, 19], [31, 31]]) {
      for (let c = 0; c < 3; c++) {
        const want = (src(2 * x, 2 * y, c) + src(2 * x + 1, 2 * y, c) + src(2 * x, 2 * y + 1, c) + src(2 * x + 1, 2 * y + 1, c)) / 4;
        expect(Math.abs(res.train!.images[px + (y * 32 + x) * 3 + c] - want)).toBeLessThanOrEqual(0.5);
      }
    }
    expect(res.train!.images[0 * px + (3 * 32 + 2) * 3 + 1]).toBe(6);
  });

  it('reads train/ and test/ layouts into both sets with shared class indices', async () => {
    const res = await loadImageFolder([
      file('c/train/b/1.png', img(32, 32, () => 1)),
      file('c/train/a/1.png', img(32, 32, () => 2)),
      file('c/test/b/1.png', img(32, 32, () => 3)),
    ], decode);
    expect(res.train!.classNames).toEqual(['a', 'b']);
    expect(Array.from(res.train!.labels)).toEqual([1, 0]);
    expect(Array.from(res.test!.labels)).toEqual([1]);
  });
});
