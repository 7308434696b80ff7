/**
 * Ship it's two training comparisons in Node with the page's exact settings (wasm, every core, the machine's load
 * printed): the distillation experiment (width-1/4 teacher, width-1/8 student alone and distilled) and plain vs
 * SE blocks. Prints every validation point with the elapsed time, and the final accuracies. Asserts nothing.
 * `npm run bench ship-training -- distill` or `-- se` runs one of them.
 */
import os from 'node:os';
import { useWasm } from './benchUtil';
import { registerWasmTrainingKernels } from '../src/lib/nn';
import { distillExperiment, DISTILL_RUN } from '../lessons/ship-it/distillExperiment';
import { seExperiment, SE_RUN } from '../lessons/ship-it/seExperiment';
import type { CurvePoint } from '../lessons/ship-it/studentRun';

function printer(t0: number): (run: string, p: CurvePoint) => void {
  return (run, p) => {
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${s.padStart(7)} s  ${run.padEnd(9)} epoch ${String(p.epoch).padStart(2)}: val top-1 ${(100 * p.accuracy).toFixed(1)} %, loss ${p.loss.toFixed(3)}`);
  };
}

const final = (r: Record<string, CurvePoint[]>) => Object.entries(r).map(([k, c]) => `${k} ${(100 * c.at(-1)!.accuracy).toFixed(1)} %`).join(', ');

async function main(): Promise<void> {
  const threads = await useWasm();
  registerWasmTrainingKernels();
  console.log(`wasm ${threads} threads, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
  const only = process.argv[2];
  if (only !== 'se') {
    const t0 = performance.now();
    const r = await distillExperiment(DISTILL_RUN, (e) => printer(t0)(e.run, e.point));
    console.log(`distillation done in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${final(r)}\n`);
  }
  if (only !== 'distill') {
    const t0 = performance.now();
    const r = await seExperiment(SE_RUN, printer(t0));
    console.log(`SE comparison done in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${final(r)}`);
  }
}

void main();
