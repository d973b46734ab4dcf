/**
 * @module expressions/regex
 * Go (RE2) regular expressions on JavaScript's engine, for `matches`, govaluate's `=~` and sprig's
 * `regex*` functions. The common RE2 forms map directly; the differences handled here are leading inline
 * flags `(?i)`/`(?s)`/`(?m)`, `(?P<name>...)` groups, `\A` and `\z`. Compiled patterns are cached.
 */

const cache = new Map<string, RegExp>();

export class RegexError extends Error {}

/** Compiles a Go regexp; throws RegexError(`error parsing regexp: ...`) when it is not valid. */
export function goRegex(pattern: string, global = false): RegExp {
  const key = `${global ? 'g' : ''}:${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let flags = global ? 'g' : '';
  let body = pattern;
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    for (const fl of new Set(inline[1]!)) flags += fl;
  }
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])');
  let re: RegExp;
  try {
    re = new RegExp(body, `${flags}u`);
  } catch {
    try {
      re = new RegExp(body, flags);
    } catch (e) {
      throw new RegexError(`error parsing regexp: ${(e as Error).message}`);
    }
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}
