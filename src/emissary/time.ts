/**
 * @module emissary/time
 * Timestamps as Argo prints them: RFC 3339 in UTC with second precision (`2026-01-02T03:04:05Z`).
 */

/** `ms` (epoch milliseconds) as `YYYY-MM-DDTHH:MM:SSZ`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
