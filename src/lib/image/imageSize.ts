/**
 * A picture's size read from its file header, before anything is decoded: PNG (IHDR), JPEG (the SOF marker,
 * and the EXIF orientation that swaps width and height), GIF, BMP and WebP (VP8, VP8L, VP8X). The decoders
 * use it to refuse a 20000×20000 picture in a millisecond instead of spending seconds and gigabytes on it.
 * Pure: bytes in, numbers out; runs in workers and in Node.
 */

/** Width and height as displayed (after EXIF orientation), and the format the header names. */
export interface ImageSize { width: number; height: number; format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' }

/** How many leading bytes imageSize wants: enough for a JPEG's EXIF and ICC segments before its SOF. */
export const SNIFF_BYTES = 1 << 20;

const u16be = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u32be = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];
const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u24le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

/** The size in the header of `b` (the file's first bytes), or null when the format is unknown or the header cut. */
export function imageSize(b: Uint8Array): ImageSize | null {
  if (b.length >= 24 && u32be(b, 0) === 0x89504e47 && ascii(b, 12, 4) === 'IHDR') {
    return { width: u32be(b, 16), height: u32be(b, 20), format: 'png' };
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    return { width: u16le(b, 6), height: u16le(b, 8), format: 'gif' };
  }
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)), format: 'bmp' };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webpSize(b);
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return null;
}

function webpSize(b: Uint8Array): ImageSize | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return { width: 1 + u24le(b, 24), height: 1 + u24le(b, 27), format: 'webp' };
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff), format: 'webp' };
  }
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff, format: 'webp' };
  }
  return null;
}

/** Walks the JPEG segments up to the first SOF; an EXIF orientation of 5–8 (a quarter turn) swaps the sides. */
function jpegSize(b: Uint8Array): ImageSize | null {
  let o = 2;
  let turned = false;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) return null;
    const m = b[o + 1];
    if (m === 0xff) { o++; continue; } // fill byte
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { o += 2; continue; } // markers without a length
    const len = u16be(b, o + 2);
    if (len < 2) return null;
    if (m === 0xe1 && ascii(b, o + 4, 6) === 'Exif\0\0') turned = exifQuarterTurn(b.subarray(o + 10, o + 2 + len));
    // SOF0–SOF15, except DHT (c4), JPG (c8) and DAC (cc), hold the frame size
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      const height = u16be(b, o + 5);
      const width = u16be(b, o + 7);
      return turned ? { width: height, height: width, format: 'jpeg' } : { width, height, format: 'jpeg' };
    }
    o += 2 + len;
  }
  return null;
}

/** True when the EXIF (TIFF) block's IFD0 says orientation 5, 6, 7 or 8. */
function exifQuarterTurn(t: Uint8Array): boolean {
  if (t.length < 8) return false;
  const le = t[0] === 0x49; // "II" little-endian, "MM" big-endian
  const dv = new DataView(t.buffer, t.byteOffset, t.byteLength);
  const ifd = dv.getUint32(4, le);
  if (ifd + 2 > t.length) return false;
  const n = dv.getUint16(ifd, le);
  for (let i = 0; i < n && ifd + 2 + i * 12 + 10 <= t.length; i++) {
    const e = ifd + 2 + i * 12;
    if (dv.getUint16(e, le) === 0x0112) return dv.getUint16(e + 8, le) >= 5 && dv.getUint16(e + 8, le) <= 8;
  }
  return false;
}
