import { describe, it, expect } from 'vitest';
import {
  parseSafetensors, serializeSafetensors, toFloat32, f16BitsToNumber, SafetensorsError,
  type DType, type TensorToWrite,
} from '../../../src/lib/nn/io/safetensors';
import { findDuplicateKey } from '../../../src/lib/nn/io/jsonKeys';
import { readFixture } from '../../helpers/fixtures';

/** Builds a file by hand from header text (spec: u64 LE length, UTF-8 JSON, data), independent of the writer. */
function rawFile(header: string, data: Uint8Array = new Uint8Array(0), lengthField?: number): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  const n = BigInt(lengthField ?? h.length);
  for (let i = 0; i < 8; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function u8(...xs: number[]): Uint8Array { return Uint8Array.from(xs); }

/** Error message of parsing `file`, asserting it is a SafetensorsError (never some other crash). */
function parseError(file: Uint8Array): string {
  try {
    parseSafetensors(file);
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    return (e as Error).message;
  }
  throw new Error('expected parseSafetensors to throw');
}

const OK_HEADER = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[3],"data_offsets":[8,11]}}';
const OK_DATA = u8(0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 7, 8, 9);  // a = [1, -2], b = [7, 8, 9]

describe('parseSafetensors reads files written by hand from the spec', () => {
  it('reads tensors, shapes, values and metadata', () => {
    const file = rawFile(OK_HEADER.replace('{', '{"__metadata__":{"format":"pt"},'), OK_DATA);
    const { tensors, metadata } = parseSafetensors(file);
    expect(metadata).toEqual({ format: 'pt' });
    expect([...tensors.keys()].sort()).toEqual(['a', 'b']);
    expect(tensors.get('a')!.shape).toEqual([2]);
    expect(Array.from(toFloat32(tensors.get('a')!))).toEqual([1, -2]);
    expect(Array.from(toFloat32(tensors.get('b')!))).toEqual([7, 8, 9]);
  });

  it('accepts an ArrayBuffer and a Uint8Array view at an odd offset', () => {
    const file = rawFile(OK_HEADER, OK_DATA);
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    const view = shifted.subarray(3);
    expect(Array.from(toFloat32(parseSafetensors(view).tensors.get('a')!))).toEqual([1, -2]);
    expect(Array.from(toFloat32(parseSafetensors(file.slice().buffer).tensors.get('b')!))).toEqual([7, 8, 9]);
  });

  it('reads payloads at unaligned offsets (I64 and F32 after a 1-byte tensor)', () => {
    const h = '{"u":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"s":{"dtype":"I64","shape":[],"data_offsets":[1,9]},'
      + '"f":{"dtype":"F32","shape":[1],"data_offsets":[9,13]}}';
    const file = rawFile(h.padEnd(h.length + 3), u8(1, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x20, 0x41));
    const { tensors } = parseSafetensors(file);
    expect(Array.from(toFloat32(tensors.get('s')!))).toEqual([-2]);
    expect(Array.from(toFloat32(tensors.get('f')!))).toEqual([10]);
  });

  it('reads 0-rank and zero-size tensors', () => {
    const h = '{"s":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[8,8]}}';
    const { tensors } = parseSafetensors(rawFile(h, u8(42, 0, 0, 0, 0, 0, 0, 0)));
    expect(Array.from(toFloat32(tensors.get('s')!))).toEqual([42]);
    expect(toFloat32(tensors.get('e')!).length).toBe(0);
  });
});

describe('toFloat32 converts every dtype to the hand-computed value', () => {
  const conv = (dtype: DType, bytes: number[]) =>
    Array.from(toFloat32({ dtype, shape: [bytes.length / ({ F16: 2, BF16: 2 } as Record<string, number>)[dtype]], bytes: Uint8Array.from(bytes) }));
  const le16 = (xs: number[]) => xs.flatMap((x) => [x & 0xff, x >> 8]);

  it('F16: normals, max, subnormals, signed zero, infinities, NaN', () => {
    const bits = [0x3c00, 0xc000, 0x7bff, 0x3555, 0x0400, 0x03ff, 0x0001, 0x8000, 0x7c00, 0xfc00, 0x7e00];
    const want = [1, -2, 65504, 0.333251953125, 6.103515625e-5, 6.097555160522461e-5, 5.960464477539063e-8, -0, Infinity, -Infinity, NaN];
    const got = conv('F16', le16(bits));
    got.forEach((g, i) => expect(Object.is(g, want[i]) || g === want[i]).toBe(true));
    expect(Object.is(f16BitsToNumber(0x8000), -0)).toBe(true);
  });

  it('BF16: normals, subnormals (2^-133), smallest normal, infinities, NaN', () => {
    const bits = [0x3f80, 0xc040, 0x4049, 0x3e80, 0x0080, 0x0001, 0x8000, 0x7f80, 0xff80, 0x7fc0];
    const want = [1, -3, 3.140625, 0.25, 2 ** -126, 2 ** -133, -0, Infinity, -Infinity, NaN];
    const got = conv('BF16', le16(bits));
    got.forEach((g, i) => expect(Object.is(g, want[i]) || g === want[i]).toBe(true));
  });

  it('F64 rounds to float32; integers and BOOL convert exactly', () => {
    const f64 = new Float64Array([0.1, -1e300, 3]);
    expect(Array.from(toFloat32({ dtype: 'F64', shape: [3], bytes: new Uint8Array(f64.buffer) })))
      .toEqual([Math.fround(0.1), -Infinity, 3]);
    const i64 = new BigInt64Array([-5n, 2n ** 40n]);
    expect(Array.from(toFloat32({ dtype: 'I64', shape: [2], bytes: new Uint8Array(i64.buffer) }))).toEqual([-5, 2 ** 40]);
    expect(Array.from(toFloat32({ dtype: 'I32', shape: [2], bytes: u8(0xff, 0xff, 0xff, 0xff, 2, 1, 0, 0) }))).toEqual([-1, 258]);
    expect(Array.from(toFloat32({ dtype: 'I16', shape: [1], bytes: u8(0xfe, 0xff) }))).toEqual([-2]);
    expect(Array.from(toFloat32({ dtype: 'I8', shape: [2], bytes: u8(0x80, 5) }))).toEqual([-128, 5]);
    expect(Array.from(toFloat32({ dtype: 'U8', shape: [1], bytes: u8(0xff) }))).toEqual([255]);
    expect(Array.from(toFloat32({ dtype: 'BOOL', shape: [2], bytes: u8(0, 1) }))).toEqual([0, 1]);
  });

  it('rejects a payload whose size does not match its shape', () => {
    expect(() => toFloat32({ dtype: 'F32', shape: [2], bytes: u8(1, 2, 3) })).toThrow(/needs 8 bytes, got 3/);
  });
});

describe('serializeSafetensors', () => {
  const samples: Record<DType, ArrayBufferView> = {
    F64: new Float64Array([1.5, -2.25, 1e-300]), F32: new Float32Array([0.1, -7, 3e38]),
    F16: new Uint16Array([0x3c00, 0x0001, 0x7e00]), BF16: new Uint16Array([0x3f80, 0xff80, 0x0001]),
    I64: new BigInt64Array([-1n, 2n ** 62n, 0n]), I32: new Int32Array([-2147483648, 7, 0]),
    I16: new Int16Array([-1, 2, 3]), I8: new Int8Array([-128, 127, 0]), U8: new Uint8Array([0, 255, 1]),
    BOOL: new Uint8Array([1, 0, 1]),
  };
  const bytesOf = (v: ArrayBufferView) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

  it('round-trips every dtype byte for byte, with metadata', () => {
    const m = new Map<string, TensorToWrite>();
    for (const [dtype, data] of Object.entries(samples)) m.set(`t.${dtype}`, { dtype: dtype as DType, shape: [3, 1], data });
    m.set('scalar', { dtype: 'I64', shape: [], data: new BigInt64Array([9n]) });
    const file = serializeSafetensors(m, { format: 'pt', note: 'ünïcode' });
    const { tensors, metadata } = parseSafetensors(file);
    expect(metadata).toEqual({ format: 'pt', note: 'ünïcode' });
    expect(tensors.size).toBe(m.size);
    for (const [name, t] of m) {
      const got = tensors.get(name)!;
      expect(got.dtype).toBe(t.dtype);
      expect(got.shape).toEqual(t.shape);
      expect(Array.from(got.bytes)).toEqual(bytesOf(t.data));
    }
  });

  it('writes a spec-conformant layout: LE length, space-padded header, aligned payloads', () => {
    const m = new Map<string, TensorToWrite>([
      ['b', { dtype: 'U8', shape: [1], data: u8(5) }],
      ['a', { dtype: 'F64', shape: [1], data: new Float64Array([2]) }],
    ]);
    const file = serializeSafetensors(m);
    const n = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n)));
    expect(header.a).toEqual({ dtype: 'F64', shape: [1], data_offsets: [0, 8] });
    expect(header.b).toEqual({ dtype: 'U8', shape: [1], data_offsets: [8, 9] });
    expect(file.length).toBe(8 + n + 9);
    expect(new DataView(file.buffer).getFloat64(8 + n, true)).toBe(2);
  });

  it('refuses data whose byte length does not match dtype × shape', () => {
    const m = new Map<string, TensorToWrite>([['x', { dtype: 'F32', shape: [2, 2], data: new Float32Array(3) }]]);
    expect(() => serializeSafetensors(m)).toThrow(/tensor 'x': F32 shape \[2,2\] needs 16 bytes, data has 12/);
  });
});

describe('parseSafetensors rejects corrupt files with a message that says what and where', () => {
  const ok = rawFile(OK_HEADER, OK_DATA);

  it('truncated files', () => {
    expect(parseError(ok.subarray(0, 5))).toMatch(/file is 5 bytes: too short/);
    expect(parseError(ok.subarray(0, 40))).toMatch(/header length \d+ bytes exceeds the 32 bytes after the length prefix \(truncated file\?\)/);
    expect(parseError(ok.subarray(0, ok.length - 2))).toMatch(/tensor 'b': data_offsets \[8, 11\] out of range: the data section has 9 bytes/);
    // every truncation point gives a SafetensorsError, never a crash
    for (let k = 0; k < ok.length; k++) parseError(ok.subarray(0, k));
  });

  it('header length too large or too small', () => {
    expect(parseError(rawFile(OK_HEADER, OK_DATA, 2 ** 40))).toMatch(/exceeds the 16 MB limit/);
    expect(parseError(rawFile(OK_HEADER, OK_DATA, 16_000_001))).toMatch(/header length 16000001 bytes exceeds the 16 MB limit/);
    expect(parseError(rawFile(OK_HEADER, OK_DATA, 10_000))).toMatch(/header length 10000 bytes exceeds/);
    expect(parseError(rawFile('{', new Uint8Array(0), 1))).toMatch(/header length 1 bytes is too small/);
  });

  it('headers listing more than 10,000 tensors, or nested deeper than a header is, are refused unparsed', () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`);
    // 10,000 zero-size tensors are a valid file; one more is refused (1.5 M of them took 17 s to parse)
    expect(parseSafetensors(rawFile(`{${entries(10_000).join(',')}}`)).tensors.size).toBe(10_000);
    expect(parseError(rawFile(`{${entries(10_001).join(',')}}`))).toMatch(/header lists 10001 entries; at most 10,000 tensors are accepted/);
    // 1 M nested brackets (2 MB): JSON.parse plus the duplicate-key scan took seconds on text like this
    const deep = `{"a":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    expect(parseError(rawFile(deep))).toMatch(/header nests more than 3 levels deep/);
    expect(parseError(rawFile('{"a":{"dtype":"U8","shape":[[1]],"data_offsets":[0,1]}}', u8(1)))).toMatch(/nests more than 3 levels/);
    // brackets inside names and metadata strings are text, not nesting
    const named = '{"__metadata__":{"note":"[[[{{{"},"a[[[]":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}';
    expect([...parseSafetensors(rawFile(named, u8(5))).tensors.keys()]).toEqual(['a[[[]']);
  });

  it('headers that are not UTF-8 JSON objects', () => {
    expect(parseError(rawFile('{"a": nope}'))).toMatch(/header is not valid JSON/);
    const bad = rawFile('{"a":1}');
    bad[10] = 0xff;
    expect(parseError(bad)).toMatch(/header is not valid UTF-8/);
    expect(parseError(rawFile('[1, 2]'))).toMatch(/header must be a JSON object, got an array/);
  });

  it('offsets out of range, gaps, overlaps and uncovered bytes', () => {
    expect(parseError(rawFile(OK_HEADER.replace('[8,11]', '[20,23]'), OK_DATA)))
      .toMatch(/tensor 'b': data_offsets \[20, 23\] out of range: the data section has 11 bytes/);
    const gap = '{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[3,5]}}';
    expect(parseError(rawFile(gap, new Uint8Array(5)))).toMatch(/gap of 1 bytes between tensor 'a' \(ends at 2\) and tensor 'b' \(begins at 3\)/);
    const lead = '{"a":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}';
    expect(parseError(rawFile(lead, new Uint8Array(3)))).toMatch(/gap of 1 bytes between the start of the data section/);
    const overlap = '{"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]},"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}';
    expect(parseError(rawFile(overlap, new Uint8Array(4)))).toMatch(/tensor 'b' \(begins at 2\) overlaps tensor 'a' \(ends at 3\)/);
    expect(parseError(rawFile(OK_HEADER, u8(...OK_DATA, 0, 0)))).toMatch(/2 bytes after tensor 'b' \(ends at 11\) belong to no tensor/);
    expect(parseError(rawFile(OK_HEADER.replace('[0,8]', '[8,0]'), OK_DATA))).toMatch(/tensor 'a': data_offsets \[8, 0\] end before begin/);
  });

  it('byte count different from dtype size × shape', () => {
    expect(parseError(rawFile(OK_HEADER.replace('"shape":[2]', '"shape":[3]'), OK_DATA)))
      .toMatch(/tensor 'a': F32 shape \[3\] needs 12 bytes, data_offsets \[0, 8\] give 8/);
  });

  it('duplicate tensor names (which JSON.parse would silently merge) and duplicate entry keys', () => {
    const dup = '{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}';
    expect(parseError(rawFile(dup, u8(1, 2)))).toMatch(/duplicate tensor name 'a' in header/);
    const escaped = '{"\\u0061":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}';
    expect(parseError(rawFile(escaped, u8(1, 2)))).toMatch(/duplicate tensor name 'a'/);
    const inner = '{"a":{"dtype":"U8","shape":[1],"shape":[1],"data_offsets":[0,1]}}';
    expect(parseError(rawFile(inner, u8(1)))).toMatch(/duplicate key 'shape' in header entry 'a'/);
  });

  it('unknown dtypes, malformed fields and bad metadata', () => {
    expect(parseError(rawFile(OK_HEADER.replace('"F32"', '"F8_E4M3"'), OK_DATA))).toMatch(/tensor 'a': unknown dtype "F8_E4M3"/);
    expect(parseError(rawFile(OK_HEADER.replace('"shape":[2]', '"shape":[-2]'), OK_DATA))).toMatch(/tensor 'a': shape must be an array of non-negative integers/);
    expect(parseError(rawFile(OK_HEADER.replace('[0,8]', '[0]'), OK_DATA))).toMatch(/tensor 'a': data_offsets must be \[begin, end\]/);
    expect(parseError(rawFile('{"a":5}'))).toMatch(/tensor 'a': entry must be an object/);
    const meta = (m: string) => rawFile(OK_HEADER.replace('{', `{"__metadata__":${m},`), OK_DATA);
    expect(parseError(meta('{"format":1}'))).toMatch(/__metadata__ value 'format' must be a string, got 1/);
    expect(parseError(meta('["pt"]'))).toMatch(/__metadata__ must be an object of string values/);
  });

  it('random byte corruption never crashes with anything but SafetensorsError', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 500; trial++) {
      const f = ok.slice();
      f[Math.floor(rand() * f.length)] = Math.floor(rand() * 256);
      try { parseSafetensors(f); } catch (e) { expect(e).toBeInstanceOf(SafetensorsError); }
    }
  });
});

describe('findDuplicateKey', () => {
  it('finds repeats per object, not across objects, and handles escapes and arrays', () => {
    expect(findDuplicateKey('{"a":{"x":1},"b":{"x":2}}')).toBeNull();
    expect(findDuplicateKey('{"a":[{"k":"\\"}"},{"k":2}],"b":"a"}')).toBeNull();
    expect(findDuplicateKey('{"a":[{"k":1,"k":2}]}')).toEqual({ key: 'k', path: ['a', 'a[]'] });
    expect(findDuplicateKey('{"q\\"":1,"q\\"":2}')).toEqual({ key: 'q"', path: [] });
  });
});

describe('the shared torchvision fixtures parse', () => {
  it('hf/model.safetensors: 122 tensors, values equal to an independent read of the file bytes', () => {
    const file = readFixture('resnet18/hf/model.safetensors');
    const { tensors, metadata } = parseSafetensors(file);
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.size).toBe(122);
    expect(tensors.get('resnet.embedder.embedder.convolution.weight')!.shape).toEqual([64, 3, 7, 7]);
    expect(tensors.get('classifier.1.weight')!.shape).toEqual([1000, 512]);
    const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const n = Number(dv.getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n)));
    const name = 'resnet.encoder.stages.3.layers.1.layer.1.normalization.num_batches_tracked';
    const abs = 8 + n + header[name].data_offsets[0];
    expect(tensors.get(name)!.shape).toEqual([]);
    expect(Array.from(toFloat32(tensors.get(name)!))).toEqual([Number(dv.getBigInt64(abs, true))]);
    const fcBias = header['classifier.1.bias'].data_offsets[0] + 8 + n;
    expect(toFloat32(tensors.get('classifier.1.bias')!)[3]).toBe(dv.getFloat32(fcBias + 12, true));
  });

  it('cifar/init, batch and after, and hf/reference parse', () => {
    expect(parseSafetensors(readFixture('resnet18/cifar/init.safetensors')).tensors.get('conv1.weight')!.shape).toEqual([64, 3, 3, 3]);
    expect(parseSafetensors(readFixture('resnet18/cifar/batch.safetensors')).tensors.get('y')!.dtype).toBe('I32');
    expect(parseSafetensors(readFixture('resnet18/cifar/after.safetensors')).tensors.get('eval_logits')!.shape).toEqual([8, 10]);
    const ref = parseSafetensors(readFixture('resnet18/hf/reference.safetensors'));
    expect(ref.tensors.get('pixel_values')!.shape).toEqual([3, 3, 224, 224]);
    expect(JSON.parse(ref.metadata.images)).toHaveLength(3);
  });
});
