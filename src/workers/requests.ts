/**
 * Requests to a worker that expect an answer. Each gets its own id and resolver (the pattern of svelte.dev's
 * Bundler.svelte.ts), so two requests in flight — a second export, a Grad-CAM while one is pending — never
 * take each other's answer, and none is left waiting for a reply that went to another.
 */
export class PendingRequests<Reply> {
  #next = 1;
  #open = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  /** Posts a request under a fresh id (`send(id)` posts it); resolves with the reply that carries that id. */
  open(send: (id: number) => void): Promise<Reply> {
    const id = this.#next++;
    return new Promise<Reply>((resolve, reject) => {
      this.#open.set(id, { resolve, reject });
      try {
        send(id);
      } catch (e) {
        this.reject(id, e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Settles request `id` with its reply; false when it is not open (already answered, or never asked). */
  resolve(id: number, reply: Reply): boolean {
    const w = this.#open.get(id);
    this.#open.delete(id);
    w?.resolve(reply);
    return !!w;
  }

  /** Rejects request `id` (the worker could not answer it); false when it is not open. */
  reject(id: number, error: Error): boolean {
    const w = this.#open.get(id);
    this.#open.delete(id);
    w?.reject(error);
    return !!w;
  }

  /** Rejects every open request (the worker crashed or was ended). */
  rejectAll(error: Error): void {
    const all = [...this.#open.values()];
    this.#open.clear();
    for (const w of all) w.reject(error);
  }

  /** How many requests are waiting for an answer. */
  get size(): number {
    return this.#open.size;
  }
}
