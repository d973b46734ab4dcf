/**
 * @module emissary/task-extensions
 * Reading optional Task fields defensively (a controller of another version may send them malformed).
 */

import type { Task } from '../controller/ports.ts';

/**
 * A containerSet's `retryStrategy {retries, duration}`, applied by each member's emissary in place: the
 * member's command runs again after `durationMs` while it exits non-zero. Argo's emissary builds a
 * backoff of `retries` steps, so `retries` is the number of runs in all (at least one here).
 */
export interface ContainerSetRetry {
  retries: number;
  durationMs?: number;
}

/** `task.containerSetRetry` when it is well formed. */
export function containerSetRetryOf(task: Task): ContainerSetRetry | undefined {
  const value: unknown = task.containerSetRetry;
  if (typeof value !== 'object' || value === null) return undefined;
  const { retries, durationMs } = value as Record<string, unknown>;
  if (typeof retries !== 'number' || !Number.isFinite(retries)) return undefined;
  return {
    retries,
    ...(typeof durationMs === 'number' && Number.isFinite(durationMs) && durationMs > 0
      ? { durationMs }
      : {}),
  };
}
