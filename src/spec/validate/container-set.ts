/**
 * @module spec/validate/container-set
 * Argo's ContainerSetTemplate.Validate: at least one container, valid unique names, no mount path twice,
 * dependencies that exist and form no cycle. Messages are relative to `containerSet.`.
 */
import type { FieldPath } from '../field-path.ts';
import type { Template } from '../types.ts';
import { workflowFieldNameErrors } from './names.ts';

/** Argo's ContainerSetTemplate.Validate; the message is relative to `containerSet.`. */
export function containerSetError(tmpl: Template): { message: string; path: FieldPath } | undefined {
  const set = tmpl.containerSet!;
  const containers = set.containers ?? [];
  if (containers.length === 0)
    return { message: 'containers must have at least one container', path: ['containers'] };
  const seen = new Set<string>();
  for (const [i, c] of containers.entries()) {
    const n = c.name ?? '';
    if (n === '') return { message: `containers[${i}].name is required`, path: ['containers', i] };
    const errs = workflowFieldNameErrors(n);
    if (errs.length)
      return {
        message: `containers[${i}].name: '${n}' is invalid: ${errs.join(';')}`,
        path: ['containers', i],
      };
    if (seen.has(n))
      return { message: `containers[${i}].name '${n}' is not unique`, path: ['containers', i] };
    seen.add(n);
  }
  const mounts = new Map<string, string>();
  for (const [i, m] of (set.volumeMounts ?? []).entries()) {
    const prev = mounts.get(m.mountPath);
    if (prev) {
      return {
        message: `volumeMounts[${i}].mountPath '${m.mountPath}' already mounted in ${prev}`,
        path: ['volumeMounts', i],
      };
    }
    mounts.set(m.mountPath, `volumeMounts.${m.name}`);
  }
  for (const [i, c] of containers.entries()) {
    for (const dep of c.dependencies ?? []) {
      if (!seen.has(dep)) {
        return {
          message: `containers.${c.name} dependency '${dep}' not defined`,
          path: ['containers', i, 'dependencies'],
        };
      }
    }
  }
  const deps = new Map(containers.map((c) => [c.name ?? '', c.dependencies ?? []]));
  const visiting: string[] = [];
  const finished = new Set<string>();
  const visit = (n: string): string | undefined => {
    if (finished.has(n)) return undefined;
    const at = visiting.indexOf(n);
    if (at >= 0) return [...visiting.slice(at), n].join('->');
    visiting.push(n);
    for (const d of deps.get(n) ?? []) {
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    visiting.pop();
    finished.add(n);
    return undefined;
  };
  for (const c of containers) {
    const cycle = visit(c.name ?? '');
    if (cycle) return { message: `containers dependency cycle detected: ${cycle}`, path: ['containers'] };
  }
  return undefined;
}
