/**
 * @module spec/progress
 * Argo's `Progress` value (`N/M`, pkg/apis/workflow/v1alpha1/progress.go): valid when 0 ≤ N ≤ M and
 * M > 0. Nodes carry it, the controller sums it, and a step may report its own through the file named by
 * `ARGO_PROGRESS_FILE`.
 */

/** Progress `N/M` with 0 ≤ N ≤ M and M > 0, or undefined when `text` is not such. */
export function parseProgress(text: string | undefined): [n: number, m: number] | undefined {
  const match = text === undefined ? null : /^(\d+)\/(\d+)$/.exec(text);
  if (!match) return undefined;
  const n = Number(match[1]);
  const m = Number(match[2]);
  return n <= m && m > 0 && Number.isSafeInteger(m) ? [n, m] : undefined;
}
