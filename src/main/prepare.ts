/**
 * @module main/prepare
 * Turns a linted Workflow into one ready to run, as `argo submit` and the API server do: `-p` parameters
 * and `--entrypoint` applied, a name from `generateName`, a namespace, a uid and a creation time; every
 * workflow argument must then have a value.
 */

import { randomUUID } from 'node:crypto';
import { generateNameSuffix } from '../controller/names.ts';
import { formatTime } from '../controller/time.ts';
import { SpecError } from '../errors/index.ts';
import { closest } from '../spec/did-you-mean.ts';
import type { Workflow } from '../spec/types.ts';

export interface PrepareOptions {
  parameters?: { name: string; value: string }[];
  entrypoint?: string;
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  now?: number;
}

export function prepareWorkflow(source: Workflow, opts: PrepareOptions = {}): Workflow {
  const wf = structuredClone(source);
  wf.apiVersion = 'argoproj.io/v1alpha1';
  wf.kind = 'Workflow';
  wf.metadata ??= {};
  wf.spec ??= {};
  // a workflow run from a workflowTemplateRef executes the merged spec kept in the status
  const stored = wf.status?.storedWorkflowTemplateSpec;
  const specs = stored ? [wf.spec, stored] : [wf.spec];
  for (const spec of specs) {
    for (const { name, value } of opts.parameters ?? []) {
      spec.arguments ??= {};
      spec.arguments.parameters ??= [];
      const p = spec.arguments.parameters.find((x) => x.name === name);
      if (p) {
        p.value = value;
        delete p.valueFrom;
      } else spec.arguments.parameters.push({ name, value });
    }
    if (opts.entrypoint) spec.entrypoint = opts.entrypoint;
  }
  const exec = stored ?? wf.spec;
  // The file was linted with its own entrypoint: another must name one of its templates too.
  if (opts.entrypoint) {
    const names = (exec.templates ?? []).map((t) => t.name ?? '');
    if (!names.includes(opts.entrypoint)) {
      const near = closest(opts.entrypoint, names);
      throw new SpecError(`--entrypoint: template name '${opts.entrypoint}' undefined`, {
        path: 'spec.entrypoint',
        hint: near
          ? `did you mean "${near}"?`
          : `the workflow's templates are: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`,
      });
    }
  }
  for (const p of exec.arguments?.parameters ?? []) {
    if (p.value === undefined && p.valueFrom === undefined && p.default === undefined) {
      throw new SpecError(`spec.arguments.${p.name}.value is required`, {
        path: 'spec.arguments.parameters',
        hint: `give it a value with -p ${p.name}=VALUE`,
      });
    }
    if (p.enum && p.value !== undefined && !p.enum.includes(p.value)) {
      throw new SpecError(
        `spec.arguments.${p.name}.value must be one of the enum values ${JSON.stringify(p.enum)}`,
        {
          path: 'spec.arguments.parameters',
          hint: `pass one of them with -p ${p.name}=VALUE`,
        },
      );
    }
  }
  const md = wf.metadata;
  if (opts.name) md.name = opts.name;
  else if (opts.generateName) md.name = `${opts.generateName}${generateNameSuffix()}`;
  else if (!md.name) {
    if (!md.generateName) {
      throw new SpecError('metadata.name or metadata.generateName is required', {
        path: 'metadata',
        hint: 'add metadata.generateName (e.g. "hello-") or pass --name',
      });
    }
    md.name = `${md.generateName}${generateNameSuffix()}`;
  }
  md.namespace = opts.namespace ?? md.namespace ?? 'default';
  md.uid = randomUUID();
  md.creationTimestamp = formatTime(opts.now ?? Date.now());
  if (opts.labels) md.labels = { ...(md.labels ?? {}), ...opts.labels };
  delete md.resourceVersion;
  wf.status = stored ? { phase: '', storedWorkflowTemplateSpec: stored } : { phase: '' };
  return wf;
}

/** ConfigMap data from documents of kind ConfigMap, by namespace and name. */
export function configMapLookup(docs: { kind?: string; object: unknown }[]) {
  const maps = new Map<string, Record<string, string>>();
  for (const d of docs) {
    if (d.kind !== 'ConfigMap') continue;
    const o = d.object as {
      metadata?: { name?: string; namespace?: string };
      data?: Record<string, unknown>;
    };
    const name = o.metadata?.name;
    if (!name) continue;
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.data ?? {})) data[k] = String(v);
    maps.set(`${o.metadata?.namespace ?? ''}/${name}`, data);
  }
  return (namespace: string, name: string) => maps.get(`${namespace}/${name}`) ?? maps.get(`/${name}`);
}
