/**
 * @module controller/sync
 * `synchronization` at workflow and template level: the locks a workflow or node must hold before it
 * runs (all of them, or none), Argo's waiting message, and their release when it ends.
 */

import { SpecError } from '../errors/index.ts';
import type { SynchronizationConfig } from '../spec/types.ts';
import type { RunContext } from './context.ts';

export interface LockRequest {
  key: string;
  limit: number;
}

/** The locks a `synchronization` block asks for. Throws when a semaphore's limit cannot be found. */
export function lockRequests(ctx: RunContext, sync: SynchronizationConfig): LockRequest[] {
  const out: LockRequest[] = [];
  for (const m of sync.mutexes ?? []) {
    const ns = m.namespace ?? ctx.namespace;
    out.push({ key: `${ns}/Mutex/${m.name}`, limit: 1 });
  }
  for (const s of sync.semaphores ?? []) {
    const ns = s.namespace ?? ctx.namespace;
    if (s.configMapKeyRef) {
      const { name, key } = s.configMapKeyRef;
      const raw = ctx.opts.configMaps?.(ns, name)?.[key];
      const limit = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
      if (Number.isNaN(limit)) {
        throw new SpecError(
          `failed to get semaphore limit: ConfigMap '${name}' in namespace '${ns}' has no integer key '${key}'`,
          {
            hint: 'provide the ConfigMap (in the workflow file or a --templates directory) with the limit as the key value',
          },
        );
      }
      out.push({ key: `${ns}/ConfigMap/${name}/${key}`, limit });
    } else if (s.database) {
      const limit = ctx.opts.syncLimits?.(ns, s.database.key);
      if (limit === undefined) {
        throw new SpecError(
          `failed to get semaphore limit: no limit is configured for database key '${ns}/${s.database.key}'`,
          {
            hint: 'configure the limit of database semaphores (syncLimits) for this key',
          },
        );
      }
      out.push({ key: `${ns}/Database/${s.database.key}`, limit });
    }
  }
  return out;
}

export type AcquireResult = { ok: true } | { ok: false; message: string; key: string };

/** Takes every lock or none; the message says which one is awaited, as Argo does. */
export function acquireAll(ctx: RunContext, holder: string, requests: LockRequest[]): AcquireResult {
  const locks = ctx.locks;
  const taken: string[] = [];
  for (const r of requests) {
    if (locks.tryAcquire(r.key, holder, r.limit)) {
      taken.push(r.key);
      continue;
    }
    if (taken.length) {
      // give back what was taken in this attempt; the queue position on `r.key` is kept
      const held = locks.holders(r.key).length;
      for (const k of taken) locks.releaseOne(k, holder);
      return { ok: false, key: r.key, message: waitingMessage(r, held) };
    }
    return { ok: false, key: r.key, message: waitingMessage(r, locks.holders(r.key).length) };
  }
  return { ok: true };
}

function waitingMessage(r: LockRequest, held: number): string {
  return `Waiting for ${r.key} lock. Lock status: ${Math.max(0, r.limit - held)}/${r.limit}`;
}
