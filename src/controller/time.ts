/**
 * @module controller/time
 * Times and durations as Argo writes and reads them: RFC 3339 timestamps with second precision, Go
 * duration strings (`1h2m3.5s`, `300ms`), and fields that accept either a bare number of seconds or a Go
 * duration (suspend `duration`, backoff `duration`/`maxDuration`/`cap`).
 */

import { ExpressionError } from '../errors/index.ts';

let lastSecond = Number.NaN;
let lastText = '';

/**
 * `2026-01-02T03:04:05Z` (Kubernetes metav1.Time serialisation). A reconcile stamps many nodes within one
 * second: the text of the last second is kept.
 */
export function formatTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}

export function parseTime(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration (`time.ParseDuration`) into milliseconds; undefined when it is not one. */
export function parseGoDuration(s: string): number | undefined {
  const text = s.trim();
  if (text === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (const part of text.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * unitMs[part[2]!]!;
  }
  return m[1] === '-' ? -total : total;
}

/** A bare integer is seconds; otherwise a Go duration. Throws on anything else. */
export function parseSecondsOrDuration(v: string | number, field: string): number {
  if (typeof v === 'number') return v * 1000;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const d = parseGoDuration(t);
  if (d === undefined) {
    throw new ExpressionError(`invalid ${field} '${v}'`, {
      hint: 'use a number of seconds or a Go duration such as 30s, 5m or 1h',
    });
  }
  return d;
}

/** Go's `time.Duration.String()` for a number of milliseconds (`1m30s`, `500ms`, `2h0m0s`). */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${trimFloat(rest)}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = trimFloat(rest / 1000);
  let out = '';
  if (h) out += `${h}h`;
  if (h || m) out += `${m}m`;
  out += `${s}s`;
  return (neg ? '-' : '') + out;
}

function trimFloat(n: number): string {
  return String(Number(n.toFixed(9)));
}
