/**
 * Pure decision: which tfjs backend to try first, and why, in words a learner understands.
 * No tfjs and no DOM here, so the rules are unit-tested directly.
 */
import { classifyRenderer, type WebglProbe } from './renderer';
import { english, type Translate } from '../text/english';

/** The three tfjs backends the notebook ships. */
export type BackendName = 'webgl' | 'wasm' | 'cpu';

/** All backends, fastest-on-a-real-GPU first. */
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

// Words take the page's t(); the default fills the English, so this module (which the training workers import too)
// carries no catalogue.
export type { Translate };

const slowerWithoutGpu = (t: Translate) =>
  t('Everything works; running the full ResNet-18 and training are slower than on a GPU. To use a GPU, turn on hardware acceleration in your browser settings or try a current Chrome, Edge or Firefox.');

/** The facts behind a plan's reason, so the page can word it in the learner's language ({@link planReason}). */
export type PlanWhy =
  | { kind: 'chosen'; name: BackendName }
  | { kind: 'no-webgl2'; problem: string | null }
  | { kind: 'software'; renderer: string }
  | { kind: 'gpu'; renderer: string };

/** A plan's reason in words (English unless a translation function is given). */
export function planReason(why: PlanWhy, t: Translate = english): string {
  switch (why.kind) {
    case 'chosen':
      return t('You chose the {name} backend.', { name: why.name });
    case 'no-webgl2':
      return `${t('WebGL2 is not available here ({problem}), so the notebook computes with WebAssembly on your CPU.', { problem: why.problem ? t(why.problem) : t('unknown reason') })} ${slowerWithoutGpu(t)}`;
    case 'software':
      return t('Your WebGL runs on {renderer}, a software renderer (no GPU is used). WebAssembly (wasm) is about 12× faster than that for ResNet-18, so the notebook uses wasm.', { renderer: why.renderer });
    case 'gpu':
      return t('WebGL2 runs on your GPU ({renderer}), the fastest option.', { renderer: why.renderer });
  }
}

/** A plan: backends to try in order, and the reason for the first one. */
export interface BackendPlan {
  order: BackendName[];
  reason: string;
  /** The reason's facts (absent in hand-made plans): planReason(why, t) words them in the page's language. */
  why?: PlanWhy;
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
  const plan = (order: BackendName[], why: PlanWhy, overridden = false): BackendPlan =>
    ({ order, reason: planReason(why), why, overridden });
  if (preference) return plan(backendOrder(preference), { kind: 'chosen', name: preference }, true);
  if (!probe.webgl2 || probe.renderer === null) return plan(['wasm', 'cpu'], { kind: 'no-webgl2', problem: probe.problem ?? null });
  const r = classifyRenderer(probe.renderer);
  if (r.software) return plan(['wasm', 'webgl', 'cpu'], { kind: 'software', renderer: r.name });
  return plan(['webgl', 'wasm', 'cpu'], { kind: 'gpu', renderer: r.name });
}

/**
 * Plain words for ending up on a slower backend than planned: what is slower and what to do.
 * Returns null when the first backend of the plan started.
 */
export function fallbackMessage(
  plan: BackendPlan,
  used: BackendName,
  failures: Partial<Record<BackendName, string>>,
  t: Translate = english,
): string | null {
  if (used === plan.order[0]) return null;
  const failed = plan.order[0];
  const why = failures[failed] ? ` (${failures[failed]})` : '';
  if (used === 'wasm') {
    const name = failed === 'webgl' ? 'WebGL2' : failed;
    return `${t('{name} could not start{why}, so the notebook computes with WebAssembly on your CPU.', { name, why })} ${slowerWithoutGpu(t)}`;
  }
  if (used === 'cpu') {
    const names: Record<BackendName, string> = { webgl: 'WebGL2', wasm: 'WebAssembly', cpu: 'cpu' };
    const all = Object.entries(failures).map(([b, e]) => `${names[b as BackendName]}: ${e}`);
    return t(
      'Neither WebGL2 nor WebAssembly could start{why}, so the notebook uses plain JavaScript (the cpu backend). Small figures work, but it is about 25× slower than WebAssembly: running the full ResNet-18 takes many seconds and training is impractical. Try a current Chrome, Edge or Firefox.',
      { why: all.length ? ` (${all.join('; ')})` : '' },
    );
  }
  return t('{failed} could not start{why}; the notebook uses {used} instead.', { failed, why, used });
}
