/**
 * A minimal WebAssembly assembler: just enough to write a few SIMD loops that run on tfjs-wasm's own heap
 * (the module imports that memory), so fused element-wise kernels need no compiler toolchain and no binary
 * blob in the repository. Encodings follow the WebAssembly core spec (SIMD opcodes: prefix 0xFD + u32).
 * Only what the kernels in simd/kernels.ts use is here.
 */

/** Value types: i32, f32, f64, v128. */
export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;

/** Unsigned LEB128. */
function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** A function body under construction: fluent instruction emitters, locals declared up front. */
export class Fn {
  readonly code: number[] = [];
  /** params: types of the parameters (locals 0..n−1); locals: types of the extra locals, in order. */
  constructor(readonly name: string, readonly params: number[], readonly locals: number[]) {}
  private op(...bytes: number[]): this { this.code.push(...bytes); return this; }
  private simd(op: number, ...imm: number[]): this { return this.op(0xfd, ...u32(op), ...imm); }
  get(i: number): this { return this.op(0x20, ...u32(i)); }
  set(i: number): this { return this.op(0x21, ...u32(i)); }
  tee(i: number): this { return this.op(0x22, ...u32(i)); }
  i32(v: number): this { return this.op(0x41, ...s32(v)); }
  /** block / loop / end / br / br_if: structured control (block type: empty). */
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, ...u32(depth)); }
  brIf(depth: number): this { return this.op(0x0d, ...u32(depth)); }
  select(): this { return this.op(0x1b); }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  shl(): this { return this.op(0x74); }
  eq(): this { return this.op(0x46); }
  ltU(): this { return this.op(0x49); }
  /** for (i = 0; i < limit; i++) body — `i` and `limit` are local indices. */
  forRange(i: number, limit: number, body: () => void): this {
    this.i32(0).set(i).block().loop().get(i).get(limit).geU().brIf(1);
    body();
    this.get(i).i32(1).add().set(i).br(0).end().end();
    return this;
  }
  geU(): this { return this.op(0x4f); }
  /** v128 memory access at the address on the stack plus a constant byte offset (alignment hint 16 bytes). */
  load(offset = 0): this { return this.simd(0x00, 4, ...u32(offset)); }
  store(offset = 0): this { return this.simd(0x0b, 4, ...u32(offset)); }
  f32Load(offset = 0): this { return this.op(0x2a, 2, ...u32(offset)); }
  f32Store(offset = 0): this { return this.op(0x38, 2, ...u32(offset)); }
  /** memory.fill(dst, byte, len) (bulk memory). */
  fill(): this { return this.op(0xfc, ...u32(11), 0); }
  /** Lanes 2,3 moved to 0,1 (for promoting the high half of an f32x4). */
  highHalf(): this { return this.simd(0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15); }
  i32x4Splat(): this { return this.simd(0x11); }
  f32x4Splat(): this { return this.simd(0x13); }
  f32x4Gt(): this { return this.simd(0x44); }
  and(): this { return this.simd(0x4e); }
  or(): this { return this.simd(0x50); }
  f32x4Add(): this { return this.simd(0xe4); }
  f32x4Mul(): this { return this.simd(0xe6); }
  /** pmax(a, b) = a < b ? b : a: keeps a NaN `a` as it is (f32x4.max may flip its sign bit). */
  f32x4Pmax(): this { return this.simd(0xeb); }
  f64x2Add(): this { return this.simd(0xf0); }
  f64x2Mul(): this { return this.simd(0xf2); }
  promoteLow(): this { return this.simd(0x5f); }
  /** The encoded function body: local declarations, instructions, end. */
  body(): number[] {
    const groups: number[] = [];
    let count = 0;
    for (let i = 0; i < this.locals.length; i++) {
      if (i > 0 && this.locals[i] !== this.locals[i - 1]) { groups.push(...u32(count), this.locals[i - 1]); count = 0; }
      count++;
    }
    const decl = this.locals.length ? [...u32(groups.length / 2 + 1), ...groups, ...u32(count), this.locals[this.locals.length - 1]] : [0];
    const bytes = [...decl, ...this.code, 0x0b];
    return [...u32(bytes.length), ...bytes];
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...u32(b.length), ...b];
}

/**
 * A module importing `env.memory` (shared with a 65,536-page maximum when `shared`, as the threaded tfjs
 * build's memory is; otherwise plain) and exporting every function under its name. Functions return nothing.
 */
export function assemble(fns: Fn[], shared: boolean): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => [0x60, ...u32(f.params.length), ...f.params, 0]);
  const memType = shared ? [0x03, 0, ...u32(65536)] : [0x00, 0];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [...u32(types.length), ...types.flat()]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...memType]),
    ...section(3, [...u32(fns.length), ...fns.flatMap((_, i) => u32(i))]),
    ...section(7, [...u32(fns.length), ...fns.flatMap((f, i) => [...name(f.name), 0x00, ...u32(i)])]),
    ...section(10, [...u32(fns.length), ...fns.flatMap((f) => f.body())]),
  ]);
}
