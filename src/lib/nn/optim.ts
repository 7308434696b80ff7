/**
 * Optimizers with torch.optim semantics, over a model's named tf.Variables.
 *
 * SGD (torch.optim.SGD), per parameter p with gradient g:
 *   g ← g + wd·p                      (coupled weight decay = L2 in the gradient)
 *   b ← g on the first step, else b ← m·b + (1 − dampening)·g      (torch starts the buffer at g, not 0)
 *   g ← g + m·b if nesterov, else g ← b
 *   p ← p − lr·g
 * Adam (torch.optim.Adam, coupled weight decay, not AdamW), with t the parameter's step count:
 *   g ← g + wd·p;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)
 * Groups (first match wins) scale the learning rate or freeze parameters: a frozen parameter gets no
 * update, no weight decay and no state.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Hyperparameters; omitted ones take torch's defaults (momentum 0, dampening 0, wd 0; β 0.9/0.999, eps 1e-8). */
export type OptimizerConfig =
  | { kind: 'sgd'; lr: number; momentum?: number; weightDecay?: number; nesterov?: boolean; dampening?: number }
  | { kind: 'adam'; lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number };

/** Parameters whose name matches get `lrScale`·lr (default 1), or no update at all when `frozen`. */
export interface ParamGroup { match: (paramName: string) => boolean; lrScale?: number; frozen?: boolean }

/** Plain-array optimizer state: '<param>.momentum_buffer' | '.exp_avg' | '.exp_avg_sq' | '.step' (shape []). */
export type OptimizerState = Record<string, { shape: number[]; data: Float32Array }>;

interface Slot { buf?: tf.Tensor; expAvg?: tf.Tensor; expAvgSq?: tf.Tensor; step: number }

/** The state tensors a slot holds. */
const slotTensors = (s: Slot): tf.Tensor[] => [s.buf, s.expAvg, s.expAvgSq].filter((t): t is tf.Tensor => t != null);

/**
 * An update computed but not applied (Optimizer.propose): each parameter's next value and its next state.
 * New tensors, owned by the update until Optimizer.commit or Optimizer.discard.
 */
export interface PendingUpdate {
  params: Map<string, tf.Tensor>;
  slots: Map<string, Slot>;
}

/** Every new tensor of a proposed update (next values and next state), e.g. to check them for NaN/±Infinity. */
export function pendingTensors(u: PendingUpdate): tf.Tensor[] {
  return [...u.params.values(), ...[...u.slots.values()].flatMap(slotTensors)];
}

/** torch.optim.SGD / Adam over named variables. Owns its state tensors: call dispose() when done. */
export class Optimizer {
  readonly cfg: OptimizerConfig;
  readonly #params: Map<string, tf.Variable>;
  readonly #groups: ParamGroup[];
  #slots = new Map<string, Slot>();

  /** params: name → variable (e.g. ResNet18.params); groups are checked in order, first match wins. */
  constructor(cfg: OptimizerConfig, params: Map<string, tf.Variable>, groups: ParamGroup[] = []) {
    if (!(cfg.lr >= 0)) throw new Error(`learning rate must be ≥ 0, got ${cfg.lr}`);
    if (cfg.kind === 'sgd' && cfg.nesterov && (!(cfg.momentum ?? 0) || (cfg.dampening ?? 0) !== 0)) {
      throw new Error('Nesterov momentum requires a momentum > 0 and zero dampening (as in torch).');
    }
    this.cfg = cfg;
    this.#params = params;
    this.#groups = groups;
  }

  /** True if a group freezes this parameter (trainStep then does not even compute its gradient). */
  isFrozen(name: string): boolean {
    return this.#group(name)?.frozen ?? false;
  }

  /** Names of the parameters this optimizer updates (all not frozen), in the params map's order. */
  trainableNames(): string[] {
    return [...this.#params.keys()].filter((n) => !this.isFrozen(n));
  }

  /**
   * One update from gradients keyed by parameter name (missing ones are skipped, as torch skips grad=None).
   * lr overrides cfg.lr (for schedules). Does not dispose the gradients. Same as commit(propose(grads, lr)).
   */
  apply(grads: Map<string, tf.Tensor>, lr: number = this.cfg.lr): void {
    this.commit(this.propose(grads, lr));
  }

  /**
   * Computes one update into new tensors and changes nothing: the parameters' next values and the optimizer
   * state that goes with them. trainStep checks them for NaN/±Infinity before committing. Does not dispose
   * the gradients; the caller passes the result to commit() or discard() (which dispose its tensors).
   */
  propose(grads: Map<string, tf.Tensor>, lr: number = this.cfg.lr): PendingUpdate {
    const pending: PendingUpdate = { params: new Map(), slots: new Map() };
    try {
      for (const [name, g] of grads) {
        const p = this.#params.get(name);
        if (!p) throw new Error(`Optimizer got a gradient for unknown parameter "${name}".`);
        const group = this.#group(name);
        if (group?.frozen) continue;
        if (!g.shape.every((d, i) => d === p.shape[i]) || g.rank !== p.rank) {
          throw new Error(`Gradient for "${name}" has shape [${g.shape}], parameter has [${p.shape}].`);
        }
        const slot = this.#slots.get(name) ?? { step: 0 };
        const rate = lr * (group?.lrScale ?? 1);
        const [next, nextSlot] = this.cfg.kind === 'sgd' ? this.#sgd(p, g, slot, rate) : this.#adam(p, g, slot, rate);
        pending.params.set(name, next);
        pending.slots.set(name, nextSlot);
      }
    } catch (e) {
      this.discard(pending);
      throw e;
    }
    return pending;
  }

  /** Applies a proposed update: assigns the new values and swaps in the new state (old state is freed). */
  commit(u: PendingUpdate): void {
    for (const [name, next] of u.params) {
      this.#params.get(name)!.assign(next);
      next.dispose();
      const old = this.#slots.get(name);
      const slot = u.slots.get(name)!;
      if (old) tf.dispose(slotTensors(old).filter((t) => !slotTensors(slot).includes(t)));
      this.#slots.set(name, slot);
    }
  }

  /** Drops a proposed update: frees its tensors; parameters and state stay as they were. */
  discard(u: PendingUpdate): void {
    for (const [name, next] of u.params) {
      next.dispose();
      const old = this.#slots.get(name);
      const slot = u.slots.get(name);
      if (slot) tf.dispose(slotTensors(slot).filter((t) => !old || !slotTensors(old).includes(t)));
    }
  }

  #sgd(p: tf.Variable, g: tf.Tensor, slot: Slot, lr: number): [tf.Tensor, Slot] {
    const { momentum = 0, weightDecay = 0, nesterov = false, dampening = 0 } = this.cfg as Extract<OptimizerConfig, { kind: 'sgd' }>;
    const [next, buf] = tf.tidy(() => {
      let d = weightDecay !== 0 ? tf.add(g, tf.mul(p, weightDecay)) : g;
      let b: tf.Tensor | undefined;
      if (momentum !== 0) {
        b = slot.buf == null ? tf.clone(d) : tf.add(tf.mul(slot.buf, momentum), tf.mul(d, 1 - dampening));
        d = nesterov ? tf.add(d, tf.mul(b, momentum)) : b;
      }
      return [tf.sub(p, tf.mul(d, lr)), b] as const;
    });
    return [next, { step: slot.step + 1, buf: buf ?? slot.buf }];
  }

  #adam(p: tf.Variable, g: tf.Tensor, slot: Slot, lr: number): [tf.Tensor, Slot] {
    const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = this.cfg as Extract<OptimizerConfig, { kind: 'adam' }>;
    const t = slot.step + 1;
    const bc1 = 1 - beta1 ** t, bc2 = 1 - beta2 ** t;
    const [next, m, v] = tf.tidy(() => {
      const d = weightDecay !== 0 ? tf.add(g, tf.mul(p, weightDecay)) : g;
      const m = slot.expAvg ? tf.add(tf.mul(slot.expAvg, beta1), tf.mul(d, 1 - beta1)) : tf.mul(d, 1 - beta1);
      const v = slot.expAvgSq ? tf.add(tf.mul(slot.expAvgSq, beta2), tf.mul(tf.square(d), 1 - beta2)) : tf.mul(tf.square(d), 1 - beta2);
      const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), eps);
      return [tf.sub(p, tf.mul(tf.div(m, denom), lr / bc1)), m, v];
    });
    return [next, { step: t, expAvg: m, expAvgSq: v }];
  }

  /** Copies the state to plain arrays (for checkpoints). Frozen or never-updated parameters have none. */
  async getState(): Promise<OptimizerState> {
    const out: OptimizerState = {};
    for (const [name, s] of this.#slots) {
      out[`${name}.step`] = { shape: [], data: Float32Array.of(s.step) };
      const parts: [string, tf.Tensor | undefined][] = [['momentum_buffer', s.buf], ['exp_avg', s.expAvg], ['exp_avg_sq', s.expAvgSq]];
      for (const [key, t] of parts) {
        if (t) out[`${name}.${key}`] = { shape: [...t.shape], data: (await t.data()) as Float32Array };
      }
    }
    return out;
  }

  /** Replaces the whole state. Validates every entry first (names, shapes, sizes); on error changes nothing. */
  setState(state: OptimizerState): void {
    const parsed = new Map<string, { step: number; parts: [keyof Slot, { shape: number[]; data: Float32Array }][] }>();
    for (const [key, value] of Object.entries(state)) {
      const m = /^(.*)\.(step|momentum_buffer|exp_avg|exp_avg_sq)$/.exec(key);
      const p = m ? this.#params.get(m[1]) : undefined;
      if (!m || !p) throw new Error(`Optimizer state has an unknown entry "${key}".`);
      const size = value.shape.reduce((a, b) => a * b, 1);
      if (value.data.length !== size) throw new Error(`Optimizer state "${key}": ${value.data.length} values for shape [${value.shape}].`);
      const entry = parsed.get(m[1]) ?? { step: 0, parts: [] };
      parsed.set(m[1], entry);
      if (m[2] === 'step') { entry.step = value.data[0]; continue; }
      if (value.shape.join() !== p.shape.join()) {
        throw new Error(`Optimizer state "${key}" has shape [${value.shape}], parameter has [${p.shape}].`);
      }
      const slotKey = ({ momentum_buffer: 'buf', exp_avg: 'expAvg', exp_avg_sq: 'expAvgSq' } as const)[m[2] as 'exp_avg'];
      entry.parts.push([slotKey, value]);
    }
    this.#disposeSlots();
    for (const [name, e] of parsed) {
      const slot: Slot = { step: e.step };
      for (const [k, v] of e.parts) (slot as unknown as Record<string, tf.Tensor>)[k] = tf.tensor(v.data, v.shape, 'float32');
      this.#slots.set(name, slot);
    }
  }

  /** Frees all state tensors; the optimizer can go on (it starts fresh, like a new torch optimizer). */
  dispose(): void {
    this.#disposeSlots();
  }

  #disposeSlots(): void {
    for (const s of this.#slots.values()) tf.dispose(slotTensors(s));
    this.#slots.clear();
  }

  #group(name: string): ParamGroup | undefined {
    return this.#groups.find((gr) => gr.match(name));
  }
}
