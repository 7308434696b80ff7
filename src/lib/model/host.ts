/**
 * Who owns the loaded model: App.svelte creates one ModelHost and provides it with Svelte context
 * (setModelContext). The LoadedModel and the ForwardPass over it are made by the first figure that asks
 * (getModelContext in context.ts), so the first page loads without tfjs and a lesson that never reads weights
 * costs nothing. This file is light on purpose: it imports the store's types only.
 */
import { createContext } from 'svelte';
import type { LoadedModel } from './LoadedModel.svelte';
import type { ForwardPass } from './ForwardPass.svelte';

/** The shared store and the explorer's forward pass over it (pass.model === model). */
export interface ModelPair { model: LoadedModel; pass: ForwardPass }

export class ModelHost {
  #pair: ModelPair | null = null;

  /** Tests hand in a ready pair (a tiny model); the app leaves it to the first figure. */
  constructor(pair: ModelPair | null = null) {
    if (pair && pair.pass.model !== pair.model) throw new Error('ModelHost: the forward pass must run on the model it is hosted with');
    this.#pair = pair;
  }

  /** The pair, or null while no figure has asked for it yet. */
  get current(): ModelPair | null {
    return this.#pair;
  }

  /** The pair, made with `make` on first use. */
  use(make: () => ModelPair): ModelPair {
    this.#pair ??= make();
    return this.#pair;
  }

  /** Frees the pass's tensors and the model's variables; the next use makes a new pair. */
  dispose(): void {
    this.#pair?.pass.dispose();
    this.#pair?.model.dispose();
    this.#pair = null;
  }
}

const [getHost, setHost, hasHost] = createContext<ModelHost>();

/** Provides `host` (default: a new, empty one) to this component's descendants; returns it for its owner to dispose. */
export function setModelContext(host: ModelHost = new ModelHost()): ModelHost {
  setHost(host);
  return host;
}

/** The enclosing app's host (call during component initialisation). */
export function getModelHost(): ModelHost {
  if (!hasHost()) {
    throw new Error('No loaded model is provided here: App.svelte provides it with setModelContext() (a test mounts the figure inside test/model/fixtures/ModelHost.svelte)');
  }
  return getHost();
}
