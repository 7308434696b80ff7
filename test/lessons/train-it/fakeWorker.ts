import type { FromWorker, ToWorker } from '../../../src/workers/protocol';

/** Stands in for the training worker: keeps what the page posts; the test answers through onmessage. */
export class FakeWorker {
  static last: FakeWorker | null = null;
  posted: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(m: ToWorker): void {
    this.posted.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** A message from the worker, structured-cloned as postMessage would. */
  reply(m: FromWorker): void {
    this.onmessage?.({ data: structuredClone(m) } as MessageEvent<FromWorker>);
  }
  requests<T extends ToWorker['type']>(type: T): Extract<ToWorker, { type: T }>[] {
    return this.posted.filter((m): m is Extract<ToWorker, { type: T }> => m.type === type);
  }
}
