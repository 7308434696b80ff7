/**
 * safetensors reader and writer (https://github.com/huggingface/safetensors, format v0.x):
 *   [u64 little-endian N][N bytes UTF-8 JSON header][raw tensor data]
 * The header maps tensor names to { dtype, shape, data_offsets: [begin, end] } (offsets relative to the
 * data section) plus an optional "__metadata__" string→string map. Tensors are row-major, little-endian;
 * PyTorch checkpoints are NCHW/OIHW. Pure TypeScript: runs in Node and in the browser.
 */
import { findDuplicateKey, measureJson } from './jsonKeys';

/** Element types of the format. */
export type DType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** One tensor of a parsed file: `bytes` is a private copy of its raw little-endian payload (offset 0). */
export interface SafeTensor { dtype: DType; shape: number[]; bytes: Uint8Array }

/** Any problem with a safetensors file; the message says what is wrong and where. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** Bytes per element of each dtype. */
export const DTYPE_SIZE: Readonly<Record<DType, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

/**
 * A real ResNet-18 header is ~10 KB (122 tensors); 16 MB of header and 10,000 tensors leave room for any
 * checkpoint this notebook can load while keeping a hostile header's parse to well under a second (the
 * reference implementation's 100 MB let 1.5 M empty tensors take 17 s). A header nests 3 levels
 * ({name: {shape: [...]}}); deeper text is refused before JSON.parse sees it.
 */
export const SAFETENSORS_LIMITS = { headerBytes: 16_000_000, tensors: 10_000, depth: 3 } as const;
const METADATA_KEY = '__metadata__';

function isDType(x: unknown): x is DType {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_SIZE, x);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** Number of elements of a shape (1 for a 0-rank scalar). */
export function numElements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

interface Entry { name: string; dtype: DType; shape: number[]; begin: number; end: number }

/** Reads and checks the 8-byte length prefix; returns the header length N. */
function readHeaderLength(u8: Uint8Array): number {
  if (u8.byteLength < 8) {
    throw new SafetensorsError(`file is ${u8.byteLength} bytes: too short for the 8-byte header length (truncated file?)`);
  }
  const dv = new DataView(u8.buffer, u8.byteOffset, 8);
  const n = dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
  if (n > SAFETENSORS_LIMITS.headerBytes) throw new SafetensorsError(`header length ${n} bytes exceeds the 16 MB limit: not a safetensors file?`);
  if (n > u8.byteLength - 8) {
    throw new SafetensorsError(`header length ${n} bytes exceeds the ${u8.byteLength - 8} bytes after the length prefix (truncated file?)`);
  }
  if (n < 2) throw new SafetensorsError(`header length ${n} bytes is too small for a JSON object`);
  return n;
}

/** Refuses headers nested deeper than a safetensors header or listing more tensors than the limit, unparsed. */
function checkHeaderSize(bytes: Uint8Array): void {
  const { depth, topLevelCommas } = measureJson(bytes, SAFETENSORS_LIMITS.depth);
  if (depth > SAFETENSORS_LIMITS.depth) {
    throw new SafetensorsError(`header nests more than ${SAFETENSORS_LIMITS.depth} levels deep; a safetensors header is {name: {dtype, shape: [...], data_offsets: [...]}}`);
  }
  // n commas at the top level separate n + 1 entries, one of which may be __metadata__
  if (topLevelCommas > SAFETENSORS_LIMITS.tensors) throw tooManyTensors(topLevelCommas + 1);
}

function tooManyTensors(n: number): SafetensorsError {
  return new SafetensorsError(`header lists ${n} entries; at most ${SAFETENSORS_LIMITS.tensors.toLocaleString('en-US')} tensors are accepted (ResNet-18 has 122)`);
}

/** Decodes the header bytes as a UTF-8 JSON object, rejecting duplicate keys (JSON.parse keeps the last). */
function readHeaderJson(bytes: Uint8Array): Record<string, unknown> {
  checkHeaderSize(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SafetensorsError(`header must be a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const dup = findDuplicateKey(text);
  if (dup) {
    throw new SafetensorsError(dup.path.length === 0
      ? `duplicate tensor name '${dup.key}' in header`
      : `duplicate key '${dup.key}' in header entry '${dup.path.join('.')}'`);
  }
  return json as Record<string, unknown>;
}

function readMetadata(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError('__metadata__ must be an object of string values');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw new SafetensorsError(`__metadata__ value '${k}' must be a string, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

/** Checks one header entry's fields and byte count. */
function readEntry(name: string, raw: unknown): Entry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError(`tensor '${name}': entry must be an object with dtype, shape and data_offsets`);
  }
  const { dtype, shape, data_offsets: off } = raw as Record<string, unknown>;
  if (!isDType(dtype)) {
    throw new SafetensorsError(`tensor '${name}': unknown dtype ${JSON.stringify(dtype)} (expected one of ${Object.keys(DTYPE_SIZE).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new SafetensorsError(`tensor '${name}': shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(off) || off.length !== 2 || !off.every(isCount)) {
    throw new SafetensorsError(`tensor '${name}': data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(off)}`);
  }
  const [begin, end] = off as number[];
  if (end < begin) throw new SafetensorsError(`tensor '${name}': data_offsets [${begin}, ${end}] end before begin`);
  const expected = DTYPE_SIZE[dtype] * numElements(shape);
  if (end - begin !== expected) {
    throw new SafetensorsError(`tensor '${name}': ${dtype} shape [${shape.join(',')}] needs ${expected} bytes, data_offsets [${begin}, ${end}] give ${end - begin}`);
  }
  return { name, dtype, shape: shape.slice(), begin, end };
}

/** Offsets must tile [0, dataLength) exactly: sorted by begin, each tensor starts where the last ended. */
function checkLayout(entries: Entry[], dataLength: number): void {
  for (const e of entries) {
    if (e.end > dataLength) {
      throw new SafetensorsError(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] out of range: the data section has ${dataLength} bytes (truncated file?)`);
    }
  }
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev = 'the start of the data section';
  for (const e of sorted) {
    if (e.begin > pos) throw new SafetensorsError(`gap of ${e.begin - pos} bytes between ${prev} (ends at ${pos}) and tensor '${e.name}' (begins at ${e.begin})`);
    if (e.begin < pos) throw new SafetensorsError(`tensor '${e.name}' (begins at ${e.begin}) overlaps ${prev} (ends at ${pos})`);
    pos = e.end;
    prev = `tensor '${e.name}'`;
  }
  if (pos !== dataLength) {
    throw new SafetensorsError(`${dataLength - pos} bytes after ${prev} (ends at ${pos}) belong to no tensor: the data section has ${dataLength} bytes`);
  }
}

/**
 * Parses a whole safetensors file. Validates the header length, UTF-8 JSON, unique names, dtypes, shapes,
 * byte counts and that data_offsets tile the data section exactly; throws SafetensorsError otherwise.
 * Each returned tensor owns a copy of its bytes (so unaligned payloads are fine); no tfjs tensors are made.
 */
export function parseSafetensors(buf: ArrayBuffer | Uint8Array): { tensors: Map<string, SafeTensor>; metadata: Record<string, string> } {
  const u8 = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  const n = readHeaderLength(u8);
  const header = readHeaderJson(u8.subarray(8, 8 + n));
  const data = u8.subarray(8 + n);
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = readMetadata(raw);
    else entries.push(readEntry(name, raw));
  }
  if (entries.length > SAFETENSORS_LIMITS.tensors) throw tooManyTensors(entries.length);
  checkLayout(entries, data.byteLength);
  const tensors = new Map<string, SafeTensor>();
  for (const e of entries) tensors.set(e.name, { dtype: e.dtype, shape: e.shape, bytes: data.slice(e.begin, e.end) });
  return { tensors, metadata };
}

/** One IEEE 754 binary16 bit pattern → number (handles subnormals, ±inf, NaN). */
export function f16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;              // subnormal (or zero): mant · 2^-14 / 2^10
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/**
 * Converts any tensor's payload to a new float32 array (row-major, same element order as the file).
 * bfloat16 is the top half of a float32, so it widens exactly; I64 beyond 2^53 loses precision.
 */
export function toFloat32(t: SafeTensor): Float32Array {
  const count = numElements(t.shape);
  const expected = count * DTYPE_SIZE[t.dtype];
  if (t.bytes.byteLength !== expected) {
    throw new SafetensorsError(`${t.dtype} shape [${t.shape.join(',')}] needs ${expected} bytes, got ${t.bytes.byteLength}`);
  }
  const out = new Float32Array(count);
  if (t.dtype === 'F32' && LITTLE_ENDIAN_HOST) {
    new Uint8Array(out.buffer).set(t.bytes);  // byte copy: the payload may sit at any alignment
    return out;
  }
  const dv = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  const read: (i: number) => number = {
    F64: (i: number) => dv.getFloat64(i * 8, true),
    F32: (i: number) => dv.getFloat32(i * 4, true),
    F16: (i: number) => f16BitsToNumber(dv.getUint16(i * 2, true)),
    BF16: (i: number) => { dv2.setUint32(0, dv.getUint16(i * 2, true) << 16, true); return dv2.getFloat32(0, true); },
    I64: (i: number) => Number(dv.getBigInt64(i * 8, true)),
    I32: (i: number) => dv.getInt32(i * 4, true),
    I16: (i: number) => dv.getInt16(i * 2, true),
    I8: (i: number) => dv.getInt8(i),
    U8: (i: number) => dv.getUint8(i),
    BOOL: (i: number) => (dv.getUint8(i) ? 1 : 0),
  }[t.dtype];
  for (let i = 0; i < count; i++) out[i] = read(i);
  return out;
}
const dv2 = new DataView(new ArrayBuffer(4));
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A tensor to write: `data` holds exactly dtype size × product(shape) bytes, little-endian. */
export interface TensorToWrite { dtype: DType; shape: number[]; data: ArrayBufferView }

/**
 * Writes a safetensors file. Tensors are laid out by descending element size, then name, after a header
 * padded with spaces to a multiple of 8, so every payload is aligned to its element size. Assumes a
 * little-endian host (every browser/Node platform in use). Throws SafetensorsError on inconsistent input.
 */
export function serializeSafetensors(tensors: Map<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const names = [...tensors.keys()].sort((a, b) => {
    const d = DTYPE_SIZE[tensors.get(b)!.dtype] - DTYPE_SIZE[tensors.get(a)!.dtype];
    return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
  });
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header[METADATA_KEY] = readMetadata(metadata);
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    if (name === METADATA_KEY || name.length === 0) throw new SafetensorsError(`invalid tensor name '${name}'`);
    if (!isDType(t.dtype)) throw new SafetensorsError(`tensor '${name}': unknown dtype ${JSON.stringify(t.dtype)}`);
    if (!t.shape.every((d) => isCount(d))) throw new SafetensorsError(`tensor '${name}': bad shape [${t.shape.join(',')}]`);
    const size = DTYPE_SIZE[t.dtype] * numElements(t.shape);
    if (t.data.byteLength !== size) {
      throw new SafetensorsError(`tensor '${name}': ${t.dtype} shape [${t.shape.join(',')}] needs ${size} bytes, data has ${t.data.byteLength}`);
    }
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  let headerBytes = new TextEncoder().encode(json);
  const pad = (8 - (headerBytes.byteLength % 8)) % 8;
  if (pad > 0) headerBytes = new TextEncoder().encode((json += ' '.repeat(pad)));
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, headerBytes.byteLength % 2 ** 32, true);
  dv.setUint32(4, Math.floor(headerBytes.byteLength / 2 ** 32), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.byteLength;
  for (const name of names) {
    const d = tensors.get(name)!.data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    pos += d.byteLength;
  }
  return out;
}
