/**
 * Pure decision: which tfjs backend to try first, and why, in words a learner understands.
 * No tfjs and no DOM here, so the rules are unit-tested directly.
 */
import { classifyRenderer, type WebglProbe } from './renderer';

/** The three tfjs backends the notebook ships. */
export type BackendName = 'webgl' | 'wasm' | 'cpu';

/** All backends, fastest-on-a-real-GPU first. */
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

const SLOWER_WITHOUT_GPU =
  'Everything works; running the full ResNet-18 and training are slower than on a GPU. To use a GPU, turn on ' +
  'hardware acceleration in your browser settings or try a current Chrome, Edge or Firefox.';

/** A plan: backends to try in order, and the reason for the first one. */
export interface BackendPlan {
  order: BackendName[];
  reason: string;
  /** True when the learner chose (URL `?backend=` or the chip menu); false for the automatic choice. */
  overridden: boolean;
}

/** Reads a backend name from untrusted text (URL query, localStorage); null when it is not one. */
export function parseBackendName(value: string | null | undefined): BackendName | null {
  const v = (value ?? '').trim().toLowerCase();
  return (BACKENDS as readonly string[]).includes(v) ? (v as BackendName) : null;
}

/** Orders backends: `first`, then the rest in the usual fallback order (wasm before cpu). */
export function backendOrder(first: BackendName): BackendName[] {
  return [first, ...BACKENDS.filter((b) => b !== first)];
}

/**
 * Chooses the backend order from a WebGL probe and the learner's preference (null = automatic).
 * Automatic rule: a hardware GPU → webgl; a software renderer or no WebGL2 → wasm (then cpu).
 */
export function chooseBackend(probe: WebglProbe, preference: BackendName | null): BackendPlan {
  if (preference) {
    return { order: backendOrder(preference), reason: `You chose the ${preference} backend.`, overridden: true };
  }
  if (!probe.webgl2 || probe.renderer === null) {
    return {
      order: ['wasm', 'cpu'],
      reason:
        `WebGL2 is not available here (${probe.problem ?? 'unknown reason'}), so the notebook computes with ` +
        `WebAssembly on your CPU. ${SLOWER_WITHOUT_GPU}`,
      overridden: false,
    };
  }
  const r = classifyRenderer(probe.renderer);
  if (r.software) {
    return {
      order: ['wasm', 'webgl', 'cpu'],
      reason:
        `Your WebGL runs on ${r.name}, a software renderer (no GPU is used). ` +
        `WebAssembly (wasm) is about 12× faster than that for ResNet-18, so the notebook uses wasm.`,
      overridden: false,
    };
  }
  return { order: ['webgl', 'wasm', 'cpu'], reason: `WebGL2 runs on your GPU (${r.name}), the fastest option.`, overridden: false };
}

/**
 * Plain words for ending up on a slower backend than planned: what is slower and what to do.
 * Returns null when the first backend of the plan started.
 */
export function fallbackMessage(plan: BackendPlan, used: BackendName, failures: Partial<Record<BackendName, string>>): string | null {
  if (used === plan.order[0]) return null;
  const failed = plan.order[0];
  const why = failures[failed] ? ` (${failures[failed]})` : '';
  if (used === 'wasm') {
    return `${failed === 'webgl' ? 'WebGL2' : failed} could not start${why}, so the notebook computes with WebAssembly on your CPU. ${SLOWER_WITHOUT_GPU}`;
  }
  if (used === 'cpu') {
    const names: Record<BackendName, string> = { webgl: 'WebGL2', wasm: 'WebAssembly', cpu: 'cpu' };
    const all = Object.entries(failures).map(([b, e]) => `${names[b as BackendName]}: ${e}`);
    return (
      `Neither WebGL2 nor WebAssembly could start${all.length ? ` (${all.join('; ')})` : ''}, so the notebook uses ` +
      'plain JavaScript (the cpu backend). Small figures work, but it is about 25× slower than WebAssembly: running ' +
      'the full ResNet-18 takes many seconds and training is impractical. Try a current Chrome, Edge or Firefox.'
    );
  }
  return `${failed} could not start${why}; the notebook uses ${used} instead.`;
}
