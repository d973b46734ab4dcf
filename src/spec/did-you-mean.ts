/**
 * @module spec/did-you-mean
 * Suggests the closest known name for a misspelt one (edit distance), for "unknown field" hints.
 */

/** Levenshtein distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo: a case-insensitive
 * match always is, then a singular/plural-like extension (`mutex` → `mutexes`); otherwise the distance
 * must be at most a third of the name's length (at least 1, at most 3). Ties go to the earlier
 * candidate.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const all = [...candidates];
  const exact = all.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const extension = all.find((c) => {
    const cl = c.toLowerCase();
    return (
      lower.length >= 4 &&
      Math.abs(cl.length - lower.length) <= 2 &&
      (cl.startsWith(lower) || lower.startsWith(cl))
    );
  });
  if (extension) return extension;
  let best: string | undefined;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const c of all) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  return bestDist <= limit ? best : undefined;
}
