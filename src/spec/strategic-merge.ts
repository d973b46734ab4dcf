/**
 * @module spec/strategic-merge
 * A JSON merge in the manner of Kubernetes' strategic merge patch, as Argo uses it to lay a workflow over
 * its WorkflowTemplate and a template over `templateDefaults`: mappings merge key by key, the patch's
 * scalars win, and lists that Argo's types mark with a merge key (templates, parameters, volumes, env,
 * ...) merge item by item on that key; every other list is replaced.
 */

/** Lists merged by key, by field name (patchMergeKey in Argo's and Kubernetes' Go types). */
const mergeKeys: Readonly<Record<string, string>> = {
  templates: 'name',
  parameters: 'name',
  artifacts: 'name',
  volumes: 'name',
  env: 'name',
  initContainers: 'name',
  sidecars: 'name',
  containers: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  tolerations: 'key',
  hostAliases: 'ip',
};

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeList(key: string, base: unknown[], patch: unknown[]): unknown[] {
  const out = base.map((x) => x);
  for (const item of patch) {
    const id = isMapping(item) ? item[key] : undefined;
    const at = id === undefined ? -1 : out.findIndex((x) => isMapping(x) && x[key] === id);
    if (at >= 0) out[at] = strategicMerge(out[at], item);
    else out.push(item);
  }
  return out;
}

/**
 * `patch` laid over `base`; neither input is modified. `null` in the patch removes the field, as in a
 * strategic merge patch.
 */
export function strategicMerge(base: unknown, patch: unknown, field?: string): unknown {
  if (patch === undefined) return base;
  if (isMapping(base) && isMapping(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = k in base ? strategicMerge(base[k], v, k) : v;
    }
    return out;
  }
  const key = field === undefined ? undefined : mergeKeys[field];
  if (key && Array.isArray(base) && Array.isArray(patch)) return mergeList(key, base, patch);
  return patch;
}
