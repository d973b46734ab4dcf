/**
 * @module controller/locks
 * Mutexes and semaphores (`synchronization`), shared by every workflow one controller runs. Pure data:
 * the composition root makes one LockManager and hands it to each WorkflowRun; when a lock is released
 * it calls `onRelease` so that the runs waiting for it can try again.
 *
 * Lock keys follow Argo: `<namespace>/Mutex/<name>`, `<namespace>/ConfigMap/<configmap>/<key>` and, for
 * database-backed semaphores, `<namespace>/Database/<key>`. Waiters are served first come, first served.
 */

export class LockManager {
  /** Lock key → holders (in acquisition order). */
  readonly #holders = new Map<string, string[]>();
  /** Lock key → waiting holders, oldest first. */
  readonly #queue = new Map<string, string[]>();
  onRelease: ((key: string) => void) | undefined;

  /**
   * Takes one of the `limit` slots of `key` for `holder`, or queues it. Returns true when `holder` holds
   * the lock (also when it already did).
   */
  tryAcquire(key: string, holder: string, limit: number): boolean {
    const holders = this.#holders.get(key) ?? [];
    if (holders.includes(holder)) return true;
    const queue = this.#queue.get(key) ?? [];
    if (!queue.includes(holder)) queue.push(holder);
    const free = limit - holders.length;
    const position = queue.indexOf(holder);
    if (free > 0 && position < free) {
      queue.splice(position, 1);
      holders.push(holder);
      this.#holders.set(key, holders);
      if (queue.length) this.#queue.set(key, queue);
      else this.#queue.delete(key);
      return true;
    }
    this.#queue.set(key, queue);
    return false;
  }

  /** Releases every lock `holder` holds or waits for. */
  release(holder: string): void {
    const freed: string[] = [];
    for (const [key, holders] of this.#holders) {
      const i = holders.indexOf(holder);
      if (i < 0) continue;
      holders.splice(i, 1);
      if (!holders.length) this.#holders.delete(key);
      freed.push(key);
    }
    for (const [key, queue] of this.#queue) {
      const i = queue.indexOf(holder);
      if (i >= 0) queue.splice(i, 1);
      if (!queue.length) this.#queue.delete(key);
    }
    for (const key of freed) this.onRelease?.(key);
  }

  /** Gives back one lock (a partial acquisition that could not be completed). */
  releaseOne(key: string, holder: string): void {
    const holders = this.#holders.get(key);
    const i = holders?.indexOf(holder) ?? -1;
    if (!holders || i < 0) return;
    holders.splice(i, 1);
    if (!holders.length) this.#holders.delete(key);
    this.onRelease?.(key);
  }

  holders(key: string): readonly string[] {
    return this.#holders.get(key) ?? [];
  }
}
