/**
 * @module spec/field-path
 * Field paths into a manifest (`spec.templates[2].container.image`): segments are map keys (strings) and
 * list indexes (numbers). One format is used everywhere a path is shown to a user, so diagnostics, error
 * messages and tests agree on it.
 */

export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['spec','templates',2,'name']` → `spec.templates[2].name`; odd keys are quoted: `labels["a.b/c"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (plainKey.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `formatPath` of at most the first `max` segments, with `…` when there are more (a path into deep data). */
export function formatPathShort(path: FieldPath, max = 12): string {
  return path.length > max ? `${formatPath(path.slice(0, max))}…` : formatPath(path);
}

export function child(path: FieldPath, ...segs: PathSegment[]): FieldPath {
  return [...path, ...segs];
}
