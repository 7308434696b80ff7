/**
 * Multi-threaded tfjs-wasm in Node, for the benchmark scripts (not a bench itself: no `bench-` prefix).
 *
 * tfjs-backend-wasm 4.22 never picks its threaded build in Node (WASM_HAS_MULTITHREAD_SUPPORT is hard-wired
 * false there), and where it does, the C++ start-up caps the XNNPACK pool at half the logical cores. The
 * threaded build itself runs fine on worker_threads once three browser-only steps are bridged:
 *  1. it hands emscripten its pthread worker script and its own source as Blob URLs, which Node's Worker
 *     cannot load — Blobs made during start-up are written to a temporary folder and their paths used instead;
 *  2. that source refers to four names of the bundle it was cut from (commonjsGlobal, require$$0/1/3/4) —
 *     defined in front of it;
 *  3. the core count it halves is read from os.cpus() while the module starts — doubled for that moment.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const MAIN_SCRIPT = 'var WasmBackendModuleThreadedSimd';
const PRELUDE = "var commonjsGlobal=globalThis,require$$0=require('fs'),require$$1=require('path')," +
  "require$$3=require('perf_hooks'),require$$4=require('os');\n";

/** Routes the Blob URLs the threaded build creates to files; returns a function that undoes it. */
function bridgeBlobUrls(): () => void {
  const dir = mkdtempSync(join(os.tmpdir(), 'tfjs-wasm-threads-'));
  const RealBlob = globalThis.Blob;
  const realCreate = URL.createObjectURL;
  let mainPath = '';
  class TextBlob extends RealBlob {
    readonly sourceText: string;
    constructor(parts: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      this.sourceText = parts.map(String).join('');
      if (this.sourceText.startsWith(MAIN_SCRIPT)) {
        mainPath = join(dir, 'main.js');
        writeFileSync(mainPath, PRELUDE + this.sourceText);
      }
    }
  }
  globalThis.Blob = TextBlob as unknown as typeof Blob;
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    if (!(obj instanceof TextBlob) || obj.sourceText.startsWith(MAIN_SCRIPT)) return realCreate(obj);
    // The pthread worker script: its own createObjectURL(mainScriptBlob) must yield the main script's path.
    const path = join(dir, 'worker.js');
    writeFileSync(path, `URL.createObjectURL=()=>${JSON.stringify(mainPath)};URL.revokeObjectURL=()=>{};\n${obj.sourceText}`);
    return path;
  };
  return () => {
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreate;
  };
}

/**
 * Starts tfjs-wasm with `threads` XNNPACK threads (default: every core) and returns the count it runs with.
 * Must run before anything else initialises the wasm backend. threads = 1 gives the plain single-threaded
 * SIMD build, as tfjs would pick in Node by itself.
 */
export async function startWasmThreads(threads = os.cpus().length): Promise<number> {
  if (threads <= 1) {
    await tf.setBackend('wasm');
    await tf.ready();
    return 1;
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const undo = bridgeBlobUrls();
  const realCpus = os.cpus;
  os.cpus = () => [...realCpus(), ...realCpus()];
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('the threaded wasm backend failed to start');
    await tf.ready();
  } finally {
    os.cpus = realCpus;
    undo();
  }
  return getThreadsCount();
}
