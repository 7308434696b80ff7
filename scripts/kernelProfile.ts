/**
 * Per-kernel profile for the benchmark scripts: wraps every kernel registered on 'wasm' so that each call's
 * SELF time (its own, minus the kernels it runs inside) is added to a table keyed "Parent>Kernel" for nested
 * calls. Times are process CPU time (process.cpuUsage), which a busy shared machine inflates far less than
 * wall time; with several wasm threads they add up over threads. Not a bench itself (no `bench-` prefix).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Self CPU milliseconds and call count per kernel key. */
export type KernelTable = Map<string, { ms: number; calls: number }>;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let table: KernelTable | null = null;
let installed = false;

/** Wraps the wasm kernels once (call after every kernel is registered); calls while `table` is null cost ~nothing. */
function install(): void {
  if (installed) return;
  installed = true;
  const stack: { name: string; child: number }[] = [];
  for (const k of tf.getKernelsForBackend('wasm')) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({ ...k, kernelFunc: (args) => {
      if (!table) return inner(args);
      stack.push({ name: k.kernelName, child: 0 });
      const t0 = cpuMs();
      const out = inner(args);
      const dt = cpuMs() - t0;
      const me = stack.pop()!;
      const key = stack.length ? `${stack[stack.length - 1].name}>${k.kernelName}` : k.kernelName;
      const e = table.get(key) ?? { ms: 0, calls: 0 };
      e.ms += dt - me.child;
      e.calls += 1;
      table.set(key, e);
      if (stack.length) stack[stack.length - 1].child += dt;
      return out;
    } });
  }
}

/** Runs `f` once with kernel profiling on; returns the table and the CPU time of the whole call. */
export async function profileKernels(f: () => Promise<unknown>): Promise<{ table: KernelTable; cpuMs: number }> {
  install();
  table = new Map();
  const t0 = cpuMs();
  try {
    await f();
    return { table, cpuMs: cpuMs() - t0 };
  } finally {
    table = null;
  }
}

/** The `top` largest entries as printable lines, plus what the kernels do not account for (JS glue). */
export function formatProfile(p: { table: KernelTable; cpuMs: number }, top: number): string[] {
  const rows = [...p.table].sort((a, b) => b[1].ms - a[1].ms);
  const inKernels = rows.reduce((s, [, e]) => s + e.ms, 0);
  const lines = rows.slice(0, top).map(([k, e]) =>
    `    ${k.padEnd(44)} ${e.ms.toFixed(1).padStart(8)} ms ${((100 * e.ms) / p.cpuMs).toFixed(1).padStart(5)} % ${String(e.calls).padStart(5)} calls`);
  lines.push(`    ${'(rest: other kernels and JavaScript outside kernels)'.padEnd(44)} ${(p.cpuMs - rows.slice(0, top).reduce((s, [, e]) => s + e.ms, 0)).toFixed(1).padStart(8)} ms`);
  lines.unshift(`    total ${p.cpuMs.toFixed(0)} ms CPU, of which ${inKernels.toFixed(0)} ms inside kernels`);
  return lines;
}
