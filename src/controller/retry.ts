/**
 * @module controller/retry
 * Retry nodes (Argo's processNodeRetries): after each attempt, in this order — success, shutdown,
 * workflow deadline, backoff `maxDuration`, backoff wait, retry policy, `limit`, `expression` — decide to
 * finish the Retry node with the last attempt's phase, wait, or start attempt N.
 */

import { evaluate } from '../expressions/index.ts';
import type { NodeStatus, RetryStrategy, Template } from '../spec/types.ts';
import { isFailedOrError, isFulfilledPhase } from '../spec/types.ts';
import type { RunContext } from './context.ts';
import { goDurationString, parseSecondsOrDuration, parseTime } from './time.ts';

export function retryStrategyOf(ctx: RunContext, tmpl: Template): RetryStrategy | undefined {
  return tmpl.retryStrategy ?? ctx.spec.retryStrategy;
}

export type RetryDecision =
  | { kind: 'continue'; attempt: NodeStatus }
  | { kind: 'new'; attempts: number }
  | { kind: 'wait' }
  | { kind: 'done' };

/** Attempts of a Retry node, in order (hook nodes such as `.onExit` excluded). */
export function attemptsOf(ctx: RunContext, retryNode: NodeStatus): NodeStatus[] {
  const out: NodeStatus[] = [];
  for (const id of retryNode.children ?? []) {
    const n = ctx.nodes[id];
    if (n && !n.nodeFlag?.hooked) out.push(n);
  }
  return out;
}

function toInt(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
  return Number.isNaN(n) ? undefined : n;
}

const transientPatterns = [
  /exceeded quota/i,
  /too many requests/i,
  /connection reset/i,
  /connection refused/i,
  /i\/o timeout/i,
  /timed out/i,
  /temporar/i,
  /EOF/,
  /transient/i,
];

function isTransient(message: string | undefined): boolean {
  if (!message) return false;
  return transientPatterns.some((p) => p.test(message));
}

/** `retries`, `lastRetry.*` for the attempt about to start. */
export function retryLocals(
  ctx: RunContext,
  retryNode: NodeStatus,
  attempts: number,
): Record<string, string> {
  const prior = attemptsOf(ctx, retryNode);
  const last = prior[prior.length - 1];
  const out: Record<string, string> = { retries: String(attempts) };
  if (last) {
    out['lastRetry.exitCode'] = last.outputs?.exitCode ?? '';
    out['lastRetry.status'] = last.phase;
    out['lastRetry.duration'] = String(durationSeconds(last));
    out['lastRetry.message'] = last.message ?? '';
  } else {
    out['lastRetry.exitCode'] = '0';
    out['lastRetry.status'] = '';
    out['lastRetry.duration'] = '0';
    out['lastRetry.message'] = '';
  }
  return out;
}

function durationSeconds(n: NodeStatus): number {
  const s = parseTime(n.startedAt);
  const f = parseTime(n.finishedAt);
  if (s === undefined || f === undefined) return 0;
  return Math.round((f - s) / 1000);
}

export function processRetries(ctx: RunContext, node: NodeStatus, strategy: RetryStrategy): RetryDecision {
  if (isFulfilledPhase(node.phase)) return { kind: 'done' };
  const attempts = attemptsOf(ctx, node);
  const last = attempts[attempts.length - 1];
  if (!last) return { kind: 'new', attempts: 0 };
  if (!isFulfilledPhase(last.phase)) return { kind: 'continue', attempt: last };
  if (!isFailedOrError(last.phase)) {
    if (last.outputs) {
      node.outputs = structuredClone(last.outputs);
      ctx.touch(node);
    }
    ctx.markPhase(node, 'Succeeded');
    return { kind: 'done' };
  }
  const stop = (message: string | undefined): RetryDecision => {
    if (last.outputs) {
      node.outputs = structuredClone(last.outputs);
      ctx.touch(node);
    }
    ctx.markPhase(node, last.phase, message ?? '');
    return { kind: 'done' };
  };
  if (ctx.shutdown) return stop(`Stopped with strategy '${ctx.shutdown}'`);
  if (ctx.workflowDeadline !== undefined && ctx.now > ctx.workflowDeadline) {
    return stop(`retry exceeded workflow deadline ${new Date(ctx.workflowDeadline).toISOString()}`);
  }
  const limit = toInt(strategy.limit);
  const backoff = strategy.backoff;
  if (backoff) {
    let maxDeadline: number | undefined;
    if (backoff.maxDuration !== undefined && attempts.length > 0) {
      const first = parseTime(attempts[0]!.startedAt) ?? ctx.now;
      maxDeadline = first + parseSecondsOrDuration(backoff.maxDuration, 'retryStrategy.backoff.maxDuration');
      if (ctx.now > maxDeadline) return stop('Max duration limit exceeded');
    }
    if (backoff.duration !== undefined) {
      let wait = parseSecondsOrDuration(backoff.duration, 'retryStrategy.backoff.duration');
      const factor = toInt(backoff.factor);
      if (factor !== undefined && factor > 0) wait = wait * factor ** (attempts.length - 1);
      if (backoff.cap !== undefined) {
        wait = Math.min(wait, parseSecondsOrDuration(backoff.cap, 'retryStrategy.backoff.cap'));
      }
      const until = (parseTime(last.finishedAt) ?? ctx.now) + wait;
      if (maxDeadline !== undefined && until > maxDeadline)
        return stop('Backoff would exceed max duration limit');
      if (ctx.now < until && limit !== undefined && attempts.length <= limit) {
        ctx.markPhase(node, node.phase, `Backoff for ${goDurationString(wait)}`);
        ctx.setTimer(node.id, until);
        return { kind: 'wait' };
      }
      if (node.message?.startsWith('Backoff for')) {
        node.message = '';
        ctx.touch(node);
      }
    }
  }
  const policy =
    strategy.retryPolicy ?? (strategy.expression && !strategy.retryPolicy ? 'Always' : 'OnFailure');
  let onFailed = false;
  let onError = false;
  switch (policy) {
    case 'Always':
      onFailed = onError = true;
      break;
    case 'OnError':
      onError = true;
      break;
    case 'OnTransientError':
      if (isTransient(last.message)) onFailed = onError = true;
      break;
    default:
      onFailed = true;
  }
  if ((last.phase === 'Failed' && !onFailed) || (last.phase === 'Error' && !onError))
    return stop(last.message);
  if (limit !== undefined && attempts.length > limit) return stop('No more retries left');
  if (strategy.expression) {
    const scope = { ...retryLocals(ctx, node, attempts.length) };
    if (scope['lastRetry.exitCode'] === '') scope['lastRetry.exitCode'] = '-1';
    let ok: boolean;
    try {
      ok = evaluate(strategy.expression, Object.assign(Object.create(ctx.globalScope), scope)) === true;
    } catch {
      ok = false;
    }
    if (!ok) return stop('retryStrategy.expression evaluated to false');
  }
  return { kind: 'new', attempts: attempts.length };
}
