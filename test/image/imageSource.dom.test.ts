import { describe, it, expect, vi, afterEach } from 'vitest';
import {
  loadImageUrl, loadImageFile, pictureFromUrl, pictureFromFile, pictureOf, channelAsImage, MAX_PIXELS,
} from '../../src/lib/image/imageSource';

/** A decoded picture as createImageBitmap would give it (jsdom has none): a size and a close() that is counted. */
function fakeBitmap(width: number, height: number) {
  return { width, height, close: vi.fn() } as unknown as ImageBitmap & { close: ReturnType<typeof vi.fn> };
}

/** jsdom has no 2-D canvas: a stand-in that records drawImage's size and answers getImageData with a w×h picture. */
function stubCanvas2d() {
  const draws: [number, number][] = [];
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return {
      canvas: this,
      drawImage: (_s: unknown, _x: number, _y: number, w: number, h: number) => draws.push([w, h]),
      getImageData: (_x: number, _y: number, w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
    } as unknown as CanvasRenderingContext2D;
  } as never);
  return draws;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('picture loading (one module for the lessons and the explorer)', () => {
  it('a file that is not a picture gets a plain message and is never decoded', async () => {
    const decode = vi.fn();
    vi.stubGlobal('createImageBitmap', decode);
    const file = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    await expect(loadImageFile(file)).rejects.toThrow('"notes.txt" is not a picture (its type is text/plain)');
    await expect(pictureFromFile(file)).rejects.toThrow('is not a picture');
    expect(decode).not.toHaveBeenCalled();
  });

  it('a file without a type goes to the decoder, with EXIF orientation on and colour profiles off; a failure is explained', async () => {
    const decode = vi.fn().mockRejectedValue(new DOMException('bad', 'InvalidStateError'));
    vi.stubGlobal('createImageBitmap', decode);
    const file = new File([new Uint8Array(4)], 'photo.heic', { type: '' });
    await expect(loadImageFile(file)).rejects.toThrow('"photo.heic" could not be decoded');
    expect(decode).toHaveBeenCalledWith(file, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  });

  it('a URL that is missing, unreachable or not an image says which, in words', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('nope', { status: 404 })));
    await expect(loadImageUrl('./samples/x.png')).rejects.toThrow('Could not load the picture ./samples/x.png (HTTP 404).');
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(loadImageUrl('./samples/x.png')).rejects.toThrow('the network request failed');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('<html>', { status: 200 })));
    vi.stubGlobal('createImageBitmap', vi.fn().mockRejectedValue(new DOMException('bad', 'InvalidStateError')));
    await expect(loadImageUrl('./samples/x.png')).rejects.toThrow('it is not an image this browser can read');
  });

  it('pictureFromUrl reads the full-resolution pixels, names the picture after the file, and closes the bitmap', async () => {
    const draws = stubCanvas2d();
    const bmp = fakeBitmap(300, 200);
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(new Uint8Array(8), { status: 200 })));
    vi.stubGlobal('createImageBitmap', vi.fn().mockResolvedValue(bmp));
    const p = await pictureFromUrl('./samples/chelsea.png');
    expect(p.name).toBe('chelsea.png');
    expect(p.note).toBeNull();
    expect([p.image.width, p.image.height]).toEqual([300, 200]);
    expect(draws).toEqual([[300, 200]]);
    expect(bmp.close).toHaveBeenCalledTimes(1);
  });

  it('a picture over MAX_PIXELS is scaled to about MAX_PIXELS first, keeping its aspect, and the note says so', () => {
    stubCanvas2d();
    const [w, h] = [8000, 6000]; // 48 MP
    const p = pictureOf(fakeBitmap(w, h), 'big.jpg');
    const f = Math.sqrt(MAX_PIXELS / (w * h));
    expect([p.image.width, p.image.height]).toEqual([Math.round(w * f), Math.round(h * f)]);
    expect(p.note).toBe(`8000×6000 px is very large; the browser first scaled it to ${Math.round(w * f)}×${Math.round(h * f)}.`);
  });

  it('a picture with no pixels is refused in words', () => {
    stubCanvas2d();
    expect(() => pictureOf(fakeBitmap(0, 10), 'empty.png')).toThrow('The picture has no pixels');
  });

  it('channelAsImage draws one channel of a normalised input as grey 128 + 40·v', () => {
    const px = Float32Array.from([0, 1, -1, 0.5, -3.2, 4, 2, 0, 0, -0.25, 0.1, 9]); // 2×2×3
    const img = channelAsImage(px, 2, 1);
    expect([img.width, img.height]).toEqual([2, 2]);
    const want = [1, -3.2, 0, 0.1].map((v) => Math.min(255, Math.max(0, Math.round(128 + 40 * v))));
    expect([0, 1, 2, 3].map((i) => img.data[i * 4])).toEqual(want);
    expect([0, 1, 2, 3].map((i) => img.data[i * 4 + 3])).toEqual([255, 255, 255, 255]);
  });
});
