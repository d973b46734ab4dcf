/**
 * @module controller/pod-env
 * A container's environment as Kubernetes gives it to the container of a pod: each `value` as written, and
 * each `valueFrom` resolved as the kubelet resolves it before the container starts.
 *
 * - `fieldRef` (the downward API, the paths Kubernetes allows in env): the pod's `metadata.name`,
 *   `metadata.namespace`, `metadata.uid`, `metadata.labels['KEY']` and `metadata.annotations['KEY']` (empty
 *   when absent), `spec.serviceAccountName`, `spec.nodeName`, `status.hostIP`, `status.hostIPs`,
 *   `status.podIP` and `status.podIPs`. The node is the machine the engine runs on (`RunOptions.host`).
 *   The pod's labels and annotations are what Argo gives its pods: `spec.podMetadata`, then the template's
 *   `metadata`, then Argo's own (`workflows.argoproj.io/workflow`, `…/completed`, `…/node-id`,
 *   `…/node-name`).
 * - `configMapKeyRef`: from the ConfigMaps nuncio was given (`--configmaps`).
 * - `secretKeyRef`: nuncio holds no Kubernetes secrets, so the variable is left out when the reference is
 *   `optional` and the step fails otherwise, as a pod does whose secret is missing.
 * - `resourceFieldRef`: not supported; the step fails and says so.
 *
 * A reference that cannot be resolved fails the step with Kubernetes' own words (`configmap "x" not
 * found`), where Kubernetes would leave the pod in CreateContainerConfigError.
 */

import { SpecError } from '../errors/index.ts';
import type { EnvVar } from '../spec/types.ts';
import type { ConfigMapLookup } from './options.ts';

/** The machine steps run on, as the downward API describes a node. */
export interface PodHost {
  nodeName: string;
  ip: string;
}

/** What the downward API tells a container about its pod. */
export interface PodFacts {
  name: string;
  namespace: string;
  uid: string;
  serviceAccountName: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  host: PodHost;
}

const plainFields: Record<string, (pod: PodFacts) => string> = {
  'metadata.name': (p) => p.name,
  'metadata.namespace': (p) => p.namespace,
  'metadata.uid': (p) => p.uid,
  'spec.serviceAccountName': (p) => p.serviceAccountName,
  'spec.nodeName': (p) => p.host.nodeName,
  'status.hostIP': (p) => p.host.ip,
  'status.hostIPs': (p) => p.host.ip,
  'status.podIP': (p) => p.host.ip,
  'status.podIPs': (p) => p.host.ip,
};

const mapField = /^metadata\.(labels|annotations)\['(.*)'\]$/;

interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

function fieldValue(path: string, pod: PodFacts, variable: string): string {
  const plain = plainFields[path];
  if (plain) return plain(pod);
  const m = mapField.exec(path);
  if (m) return (m[1] === 'labels' ? pod.labels : pod.annotations)[m[2]!] ?? '';
  throw new SpecError(
    `env ${variable}: fieldRef.fieldPath '${path}' is not supported in an environment variable`,
    {
      hint: `use one of ${Object.keys(plainFields).join(', ')}, metadata.labels['KEY'] or metadata.annotations['KEY']`,
    },
  );
}

/** The value of one variable; undefined when an optional reference leaves it out. */
function resolveOne(e: EnvVar, pod: PodFacts, configMaps: ConfigMapLookup | undefined): string | undefined {
  if (e.value !== undefined && e.value !== null) return String(e.value);
  const from = e.valueFrom as
    | {
        fieldRef?: { fieldPath?: string };
        configMapKeyRef?: KeyRef;
        secretKeyRef?: KeyRef;
        resourceFieldRef?: unknown;
      }
    | undefined;
  if (!from) return '';
  if (from.fieldRef) return fieldValue(from.fieldRef.fieldPath ?? '', pod, e.name);
  if (from.configMapKeyRef) {
    const { name = '', key = '', optional } = from.configMapKeyRef;
    const data = configMaps?.(pod.namespace, name);
    if (data === undefined) {
      if (optional) return undefined;
      throw new SpecError(`configmap "${name}" not found`, {
        hint: `env ${e.name} reads it: give nuncio the ConfigMap (--configmaps DIR) or mark the reference optional`,
      });
    }
    if (data[key] === undefined) {
      if (optional) return undefined;
      throw new SpecError(`couldn't find key ${key} in ConfigMap ${pod.namespace}/${name}`);
    }
    return data[key];
  }
  if (from.secretKeyRef) {
    const { name = '', optional } = from.secretKeyRef;
    if (optional) return undefined;
    throw new SpecError(`secret "${name}" not found`, {
      hint: `env ${e.name} reads it, and nuncio holds no Kubernetes secrets: pass the value as a parameter, or mark the reference optional`,
    });
  }
  if (from.resourceFieldRef) {
    throw new SpecError(`env ${e.name}: valueFrom.resourceFieldRef is not supported by nuncio`, {
      hint: 'pass the value as a parameter or a plain env value',
    });
  }
  return '';
}

/**
 * The variables of `env`, resolved in order (an optional reference that resolves to nothing is left out).
 * `pod` is asked for only when a variable has a `valueFrom`: most steps have none.
 */
export function resolveEnv(
  env: readonly EnvVar[] | undefined,
  pod: () => PodFacts,
  configMaps: ConfigMapLookup | undefined,
): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const e of env ?? []) {
    const value = e.valueFrom === undefined ? String(e.value ?? '') : resolveOne(e, pod(), configMaps);
    if (value !== undefined) out.push({ name: e.name, value });
  }
  return out;
}
