/**
 * Why a run stopped, in plain words: out of memory (recognised from what each backend throws) or divergence.
 * Every sentence says truthfully whether a checkpoint exists to continue from.
 */

/** Where the run's last stored checkpoint stands (completed epochs, global step), or null when none was saved. */
export type CheckpointPosition = { epoch: number; globalStep: number } | null;

/**
 * What an allocation failure looks like on each backend. wasm: emscripten's abort when the heap cannot grow
 * ("Aborted(). Build with -sASSERTIONS…") and the trap that follows a failed malloc ("memory access out of
 * bounds"); V8 RangeErrors for typed arrays, ArrayBuffers and WebAssembly.Memory; Firefox's "out of memory" /
 * "allocation size overflow"; WebGL's OUT_OF_MEMORY and tfjs's "Requested texture size … greater than WebGL
 * maximum".
 */
const OOM_PATTERNS = [
  /out[ _]of[ _]memory/i, /\bOOM\b/, /^Aborted\(/, /memory access out of bounds/i, /allocation (failed|size overflow)/i,
  /failed to allocate/i, /could not allocate/i, /cannot enlarge memory/i, /Invalid (typed )?array( buffer)? length/i,
  /Memory(\.prototype)?\.grow/i, /maximum memory size/i, /texture size .*greater than WebGL maximum/i,
];

/**
 * True when an error thrown by tfjs, the wasm runtime or the browser means the backend ran out of memory. `heap`
 * (wasm: the heap's size and ceiling) also counts a failure with the heap at its ceiling, whatever its words:
 * at 4 GiB tfjs-wasm 4.22 failed with "Cannot read properties of undefined (reading 'map')".
 */
export function isOutOfMemory(e: unknown, heap?: { bytes: number; limit: number }): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return OOM_PATTERNS.some((p) => p.test(msg)) || (!!heap && heap.bytes >= 0.99 * heap.limit);
}

/** "the last checkpoint (epoch 3, step 60) is kept" or "no checkpoint was saved yet". */
export function checkpointClause(c: CheckpointPosition): string {
  return c ? `the last checkpoint (epoch ${c.epoch}, step ${c.globalStep}) is kept` : 'no checkpoint was saved yet';
}

/** The message of a run stopped because `what` (e.g. "the loss became NaN") happened at `step` with learning rate lr. */
export function divergedMessage(what: string, step: number, lr: number, c: CheckpointPosition): string {
  const next = c ? `continue from the last checkpoint (epoch ${c.epoch}, step ${c.globalStep}), which is kept`
    : 'start again: no checkpoint was saved yet';
  return `Training diverged at step ${step}: ${what}. The learning rate (${lr.toPrecision(3)}) is probably too high: ` +
    `lower it (or add warm-up) and ${next}.`;
}

/** The message of a run stopped by an out-of-memory error whose text was `detail`. */
export function outOfMemoryMessage(detail: string, c: CheckpointPosition): string {
  return `Out of memory (${detail}). Try a smaller batch size or width; ${checkpointClause(c)}.`;
}
