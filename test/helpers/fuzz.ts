/**
 * A small seeded mutation fuzzer for the readers of the learner's files (safetensors, tar, CIFAR-10 binary,
 * checkpoints). Each case mutates one of a few valid seeds — for files: byte writes, bit flips, truncation,
 * appended bytes, a copied or deleted span, a digit or bracket spliced into text; for stored objects: a node
 * replaced, deleted or given a NaN — and runs the reader on it. A case
 * either succeeds or throws an expected error (the reader's own class, with a message); anything else (a
 * TypeError, RangeError, a thrown non-Error) is counted as unexpected, with the case number to replay it.
 * Used by the unit tests (about 1,000 cases each) and by scripts/bench-fuzz.ts (10,000 each).
 */

/** xorshift32: a fast seeded generator, so every case can be replayed from (seed, case number). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

const TEXT = ['0', '9', '-1', '1e999', '4294967296', '[', ']', '{', '}', '"', ',', ':', '\\', 'null', '\u00e9', ' '].map((t) => new TextEncoder().encode(t));

/** One random mutation of `b` (a new array; `b` is not changed). */
export function mutate(b: Uint8Array, r: () => number): Uint8Array {
  const at = () => Math.floor(r() * (b.length + 1));
  const kind = Math.floor(r() * 8);
  if (kind === 0 && b.length) { const o = b.slice(); o[Math.floor(r() * b.length)] = Math.floor(r() * 256); return o; }
  if (kind === 1 && b.length) { const o = b.slice(); const i = Math.floor(r() * b.length); o[i] ^= 1 << Math.floor(r() * 8); return o; }
  if (kind === 2) return b.slice(0, at());
  if (kind === 3) { const extra = Uint8Array.from({ length: 1 + Math.floor(r() * 600) }, () => Math.floor(r() * 256)); return join(b, extra); }
  if (kind === 4) { const i = at(); const j = Math.min(b.length, i + Math.floor(r() * 1024)); return join(b.subarray(0, i), b.subarray(j)); }
  if (kind === 5) { const i = at(); const j = Math.min(b.length, i + Math.floor(r() * 1024)); const k = at(); return join(b.subarray(0, k), b.subarray(i, j), b.subarray(k)); }
  if (kind === 6) { const i = at(); return join(b.subarray(0, i), TEXT[Math.floor(r() * TEXT.length)], b.subarray(i + Math.floor(r() * 3))); }
  const o = b.slice(); // a run of one byte value: zeros, 0xff or spaces
  const i = Math.floor(r() * b.length);
  o.fill([0, 0xff, 0x20, 0x30][Math.floor(r() * 4)], i, i + Math.floor(r() * 64));
  return o;
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const ODD_VALUES: (() => unknown)[] = [
  () => undefined, () => null, () => NaN, () => Infinity, () => -1, () => 0, () => 1.5, () => 2 ** 53, () => '', () => 'x',
  () => [], () => ({}), () => [NaN], () => new Float32Array(3), () => new Float32Array([NaN]), () => new Uint8Array(2), () => true,
];

/**
 * One random mutation of a structured-cloneable value (a stored checkpoint, a record): a node anywhere in it
 * is replaced by an odd value, deleted, or (in a Float32Array) given a NaN or ±Infinity. Returns a new value.
 */
export function mutateValue(v: unknown, r: () => number): unknown {
  const root = { v: structuredClone(v) };
  const nodes: [Record<string | number, unknown>, string | number][] = [];
  const walk = (o: unknown, depth: number) => {
    if (depth > 6 || o === null || typeof o !== 'object' || ArrayBuffer.isView(o)) return;
    for (const k of Object.keys(o)) { nodes.push([o as Record<string, unknown>, k]); walk((o as Record<string, unknown>)[k], depth + 1); }
  };
  walk(root, 0);
  const [parent, key] = nodes[Math.floor(r() * nodes.length)];
  const cur = parent[key];
  const op = r();
  if (cur instanceof Float32Array && cur.length && op < 0.3) cur[Math.floor(r() * cur.length)] = [NaN, Infinity, -Infinity][Math.floor(r() * 3)];
  else if (op < 0.15 && !Array.isArray(parent)) delete parent[key];
  else parent[key] = ODD_VALUES[Math.floor(r() * ODD_VALUES.length)]();
  return root.v;
}

/** What a fuzz run found: counts, the unexpected failures (case number, error) and the slowest case. */
export interface FuzzReport {
  cases: number;
  accepted: number;
  rejected: number;
  unexpected: { caseNo: number; error: string }[];
  slowestMs: number;
}

/**
 * What to fuzz: valid seeds (file bytes, or stored objects with `mutate: mutateValue`), the reader, and which
 * thrown values count as its expected rejections.
 */
export interface FuzzTarget<T = Uint8Array> {
  seeds: T[];
  read: (b: T) => unknown;
  expected: (e: unknown) => boolean;
  /** How a seed is mutated; default `mutate` (bytes). */
  mutate?: (b: T, r: () => number) => T;
  /** Up to this many mutations are stacked per case (default 3). */
  depth?: number;
}

/** Runs `cases` mutated inputs through `t.read` (awaited); never throws. */
export async function fuzz<T>(t: FuzzTarget<T>, cases: number, seed = 1): Promise<FuzzReport> {
  const rep: FuzzReport = { cases, accepted: 0, rejected: 0, unexpected: [], slowestMs: 0 };
  const change = t.mutate ?? (mutate as unknown as (b: T, r: () => number) => T);
  for (let n = 0; n < cases; n++) {
    const r = rng(seed * 1_000_003 + n);
    let b = t.seeds[Math.floor(r() * t.seeds.length)];
    for (let d = 1 + Math.floor(r() * (t.depth ?? 3)); d > 0; d--) b = change(b, r);
    const t0 = performance.now();
    try {
      await t.read(b);
      rep.accepted++;
    } catch (e) {
      if (t.expected(e)) rep.rejected++;
      else rep.unexpected.push({ caseNo: n, error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : `non-Error thrown: ${String(e)}` });
    }
    rep.slowestMs = Math.max(rep.slowestMs, performance.now() - t0);
  }
  return rep;
}

/** True for an Error of the reader's own making: an instance of one of `classes`, with a message. */
export function isOwnError(...classes: (abstract new (...a: never[]) => Error)[]): (e: unknown) => boolean {
  return (e) => classes.some((c) => e instanceof c) && (e as Error).message.length > 0;
}
