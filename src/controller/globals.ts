/**
 * @module controller/globals
 * The `workflow.*` variables (util/variables/keys): name, namespace, uid, creation time and its strftime
 * forms, parameters, labels, annotations, and at run time `workflow.status`, `workflow.duration`,
 * `workflow.failures` and `workflow.outputs.*` published through `globalName`.
 */

import type { Scope } from '../expressions/index.ts';
import type { Artifact, Outputs, Parameter, Workflow } from '../spec/types.ts';
import { readConfigMapKey } from './args.ts';
import type { RunContext } from './context.ts';
import type { ConfigMapLookup } from './options.ts';
import { parseTime } from './time.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** strftime conversions Argo exposes as `workflow.creationTimestamp.<c>` (UTC). */
export function strftimeParts(ms: number): Record<string, string> {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const M = d.getUTCMinutes();
  const S = d.getUTCSeconds();
  const w = d.getUTCDay();
  const start = Date.UTC(Y, 0, 1);
  const yday = Math.floor((Date.UTC(Y, m, day) - start) / 86_400_000) + 1;
  const h12 = H % 12 === 0 ? 12 : H % 12;
  const week = (first: number) => pad(Math.floor((yday + 6 - ((w - first + 7) % 7)) / 7));
  return {
    a: days[w]!.slice(0, 3),
    A: days[w]!,
    b: months[m]!.slice(0, 3),
    B: months[m]!,
    c: `${days[w]!.slice(0, 3)} ${months[m]!.slice(0, 3)} ${String(day).padStart(2, ' ')} ${pad(H)}:${pad(M)}:${pad(S)} ${Y}`,
    C: pad(Math.floor(Y / 100)),
    d: pad(day),
    D: `${pad(m + 1)}/${pad(day)}/${pad(Y % 100)}`,
    e: String(day).padStart(2, ' '),
    F: `${Y}-${pad(m + 1)}-${pad(day)}`,
    H: pad(H),
    I: pad(h12),
    j: pad(yday, 3),
    k: String(H).padStart(2, ' '),
    l: String(h12).padStart(2, ' '),
    m: pad(m + 1),
    M: pad(M),
    n: '\n',
    p: H < 12 ? 'AM' : 'PM',
    r: `${pad(h12)}:${pad(M)}:${pad(S)} ${H < 12 ? 'AM' : 'PM'}`,
    R: `${pad(H)}:${pad(M)}`,
    S: pad(S),
    t: '\t',
    T: `${pad(H)}:${pad(M)}:${pad(S)}`,
    u: String(w === 0 ? 7 : w),
    U: week(0),
    w: String(w),
    W: week(1),
    x: `${pad(m + 1)}/${pad(day)}/${pad(Y % 100)}`,
    X: `${pad(H)}:${pad(M)}:${pad(S)}`,
    y: pad(Y % 100),
    Y: String(Y),
    z: '+0000',
    Z: 'UTC',
    s: String(Math.floor(ms / 1000)),
  };
}

/** The global scope of a workflow, as at its start. Throws when a global parameter cannot be resolved. */
export function buildGlobalScope(wf: Workflow, configMaps: ConfigMapLookup | undefined): Scope {
  const g: Scope = {};
  const md = wf.metadata;
  const spec = wf.status?.storedWorkflowTemplateSpec ?? wf.spec;
  const ns = md.namespace ?? 'default';
  g['workflow.name'] = md.name ?? '';
  g['workflow.namespace'] = ns;
  g['workflow.uid'] = md.uid ?? '';
  g['workflow.mainEntrypoint'] = spec.entrypoint ?? '';
  const sa = spec.serviceAccountName;
  if (sa) g['workflow.serviceAccountName'] = sa;
  if (spec.priority !== undefined) g['workflow.priority'] = String(spec.priority);
  if (md.creationTimestamp) {
    g['workflow.creationTimestamp'] = md.creationTimestamp;
    g['workflow.creationTimestamp.RFC3339'] = md.creationTimestamp;
    const ms = parseTime(md.creationTimestamp);
    if (ms !== undefined) {
      for (const [k, v] of Object.entries(strftimeParts(ms))) g[`workflow.creationTimestamp.${k}`] = v;
    }
  }
  const params: Parameter[] = [];
  for (const p of spec.arguments?.parameters ?? []) {
    let value = p.value;
    if (value === undefined && p.valueFrom?.configMapKeyRef) {
      try {
        value = readConfigMapKey(p.valueFrom.configMapKeyRef, ns, configMaps);
      } catch (e) {
        if (p.valueFrom.default === undefined) throw e;
      }
      if (value === undefined) value = p.valueFrom.default;
    }
    if (value === undefined) value = p.default;
    if (value !== undefined) g[`workflow.parameters.${p.name}`] = value;
    params.push(value === undefined ? { ...p } : { ...p, value });
  }
  const paramsJson = JSON.stringify(params);
  g['workflow.parameters'] = paramsJson;
  g['workflow.parameters.json'] = paramsJson;
  const labels = md.labels ?? {};
  for (const [k, v] of Object.entries(labels)) g[`workflow.labels.${k}`] = v;
  g['workflow.labels'] = JSON.stringify(labels);
  g['workflow.labels.json'] = JSON.stringify(labels);
  const annotations = md.annotations ?? {};
  for (const [k, v] of Object.entries(annotations)) g[`workflow.annotations.${k}`] = v;
  g['workflow.annotations'] = JSON.stringify(annotations);
  g['workflow.annotations.json'] = JSON.stringify(annotations);
  const scheduled = annotations['workflows.argoproj.io/scheduled-time'];
  if (scheduled) g['workflow.scheduledTime'] = scheduled;
  return g;
}

/** `workflow.status` and `workflow.duration` (seconds, Go `%f`) refreshed on every pass. */
export function refreshRuntimeGlobals(ctx: RunContext): void {
  const started = parseTime(ctx.status.startedAt ?? undefined) ?? ctx.now;
  ctx.globalScope['workflow.status'] = ctx.status.phase;
  ctx.globalScope['workflow.duration'] = ((ctx.now - started) / 1000).toFixed(6);
}

/** Outputs with a `globalName` become `workflow.outputs.*` and `status.outputs`. */
export function publishGlobalOutputs(ctx: RunContext, outputs: Outputs): void {
  for (const p of outputs.parameters ?? []) {
    if (!p.globalName || p.value === undefined) continue;
    ctx.globalScope[`workflow.outputs.parameters.${p.globalName}`] = p.value;
    ctx.status.outputs ??= {};
    ctx.status.outputs.parameters ??= [];
    const list = ctx.status.outputs.parameters;
    const i = list.findIndex((x) => x.name === p.globalName);
    const entry: Parameter = { name: p.globalName, value: p.value };
    if (i >= 0) list[i] = entry;
    else list.push(entry);
    ctx.statusChanged = true;
  }
  for (const a of outputs.artifacts ?? []) {
    if (!a.globalName) continue;
    const entry: Artifact = { ...a, name: a.globalName };
    delete entry.globalName;
    ctx.globalArtifacts.set(`workflow.outputs.artifacts.${a.globalName}`, entry);
    ctx.status.outputs ??= {};
    ctx.status.outputs.artifacts ??= [];
    const list = ctx.status.outputs.artifacts;
    const i = list.findIndex((x) => x.name === a.globalName);
    if (i >= 0) list[i] = entry;
    else list.push(entry);
    ctx.statusChanged = true;
  }
}
