/**
 * @module controller/task-builder
 * Turns a fully processed pod template (container, script, containerSet) into the `Task` the emissary
 * runs. Everything is resolved here: volumes to their kinds, input artifacts to locations, output
 * artifacts to their destination keys in the artifact repository, the deadline, the executor settings.
 */

import { SpecError } from '../errors/index.ts';
import { fnv32a } from '../spec/names.ts';
import type {
  Artifact,
  ArtifactLocation,
  ArtifactRepository,
  Container,
  EmissaryConfig,
  Metadata,
  Template,
  Volume,
  VolumeMount,
  WorkflowSpec,
} from '../spec/types.ts';
import type { ConfigMapLookup } from './options.ts';
import { type PodFacts, type PodHost, resolveEnv } from './pod-env.ts';
import type {
  Task,
  TaskContainer,
  TaskInputArtifact,
  TaskOutputArtifact,
  TaskVolume,
  TaskVolumeMount,
} from './ports.ts';
import { parseSecondsOrDuration } from './time.ts';

export interface TaskBuildInput {
  workflow: { uid: string; name: string; namespace: string };
  spec: WorkflowSpec;
  tmpl: Template;
  nodeId: string;
  nodeName: string;
  podName: string;
  captureResult: boolean;
  deadline?: number;
  deadlineMessage?: string;
  terminationGracePeriodMs: number;
  repository: ArtifactRepository;
  executorDefaults?: EmissaryConfig;
  configMaps?: ConfigMapLookup;
  /** The machine the task runs on, for the downward API. */
  host?: PodHost;
}

/** The downward API's view of the task's pod (see pod-env.ts). */
function podFacts(input: TaskBuildInput): PodFacts {
  const { workflow, spec, tmpl } = input;
  const podMetadata = (spec.podMetadata ?? {}) as Metadata;
  // A pod's UID is Kubernetes' to draw; here one per pod, the same on every reconcile.
  const hex = [1, 2, 3, 4].map((i) =>
    fnv32a(`${i}/${workflow.uid}/${input.podName}`).toString(16).padStart(8, '0'),
  );
  const uid = hex.join('');
  return {
    name: input.podName,
    namespace: workflow.namespace,
    uid: `${uid.slice(0, 8)}-${uid.slice(8, 12)}-4${uid.slice(13, 16)}-a${uid.slice(17, 20)}-${uid.slice(20, 32)}`,
    serviceAccountName:
      (tmpl as { serviceAccountName?: string }).serviceAccountName ?? spec.serviceAccountName ?? 'default',
    labels: {
      ...podMetadata.labels,
      ...tmpl.metadata?.labels,
      'workflows.argoproj.io/workflow': workflow.name,
      'workflows.argoproj.io/completed': 'false',
    },
    annotations: {
      ...podMetadata.annotations,
      ...tmpl.metadata?.annotations,
      'workflows.argoproj.io/node-id': input.nodeId,
      'workflows.argoproj.io/node-name': input.nodeName,
    },
    host: input.host ?? localHost,
  };
}

/** The node of a run given no host (tests): this machine's loopback. */
const localHost: PodHost = { nodeName: 'localhost', ip: '127.0.0.1' };

function toContainer(
  c: Container,
  name: string,
  pod: () => PodFacts,
  configMaps: ConfigMapLookup | undefined,
): TaskContainer {
  const out: TaskContainer = {
    name: c.name ?? name,
    image: c.image ?? '',
    command: (c.command ?? []).map(String),
    args: (c.args ?? []).map(String),
    env: resolveEnv(c.env, pod, configMaps),
    volumeMounts: (c.volumeMounts ?? []).map(toMount),
  };
  if (c.workingDir) out.workingDir = c.workingDir;
  if (c.resources) out.resources = c.resources;
  return out;
}

function toMount(m: VolumeMount): TaskVolumeMount {
  const out: TaskVolumeMount = { name: m.name, mountPath: m.mountPath };
  if (m.subPath) out.subPath = m.subPath;
  if (m.readOnly) out.readOnly = true;
  return out;
}

/** The repository location for an output artifact key. */
export function repositoryLocation(repo: ArtifactRepository, key: string): ArtifactLocation {
  if (repo.s3) {
    const { keyFormat: _k, ...s3 } = repo.s3;
    return { s3: { ...s3, key } };
  }
  return { local: { key } };
}

function outputKey(
  repo: ArtifactRepository,
  input: TaskBuildInput,
  artifactName: string,
  archive: 'tar' | 'none' | 'zip',
): string {
  const format = repo.s3?.keyFormat ?? repo.local?.keyFormat;
  const base = format
    ? format
        .replaceAll('{{workflow.name}}', input.workflow.name)
        .replaceAll('{{workflow.namespace}}', input.workflow.namespace)
        .replaceAll('{{workflow.uid}}', input.workflow.uid)
        .replaceAll('{{pod.name}}', input.podName)
    : `${input.workflow.name}/${input.podName}`;
  const suffix = archive === 'tar' ? '.tgz' : archive === 'zip' ? '.zip' : '';
  return `${base}/${artifactName}${suffix}`;
}

function archiveOf(a: Artifact): 'tar' | 'none' | 'zip' {
  if (a.archive?.none) return 'none';
  if (a.archive?.zip) return 'zip';
  return 'tar';
}

function locationOf(a: Artifact): ArtifactLocation | undefined {
  const keys = [
    'raw',
    'http',
    's3',
    'git',
    'gcs',
    'azure',
    'oss',
    'hdfs',
    'artifactory',
    'plugin',
    'local',
  ] as const;
  for (const k of keys) {
    if (a[k] !== undefined) return { [k]: a[k] } as ArtifactLocation;
  }
  return undefined;
}

function collectVolumes(input: TaskBuildInput, containers: TaskContainer[]): TaskVolume[] {
  const declared = new Map<string, Volume>();
  for (const v of input.spec.volumes ?? []) declared.set(v.name, v);
  for (const v of input.tmpl.volumes ?? []) declared.set(v.name, v);
  const claims = new Set((input.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name ?? ''));
  const wanted = new Set<string>();
  for (const c of containers) for (const m of c.volumeMounts) wanted.add(m.name);
  const out: TaskVolume[] = [];
  for (const name of wanted) {
    const v = declared.get(name);
    if (!v) {
      if (claims.has(name)) {
        out.push({ name, kind: 'workflowClaim', claimName: name });
        continue;
      }
      throw new SpecError(`volume '${name}' is mounted but not declared`, {
        hint: 'declare it in spec.volumes, the template volumes or spec.volumeClaimTemplates',
      });
    }
    if (v.emptyDir) out.push({ name, kind: 'emptyDir' });
    else if (v.persistentVolumeClaim) {
      const claimName = v.persistentVolumeClaim.claimName;
      out.push({ name, kind: claims.has(claimName) ? 'workflowClaim' : 'claim', claimName });
    } else if (v.hostPath) out.push({ name, kind: 'hostPath', hostPath: v.hostPath.path });
    else if (v.configMap || v.secret) {
      const src = (v.configMap ?? v.secret) as {
        name?: string;
        secretName?: string;
        items?: { key: string; path: string }[];
      };
      const cmName = src.name ?? src.secretName ?? '';
      const data = v.configMap ? input.configMaps?.(input.workflow.namespace, cmName) : undefined;
      const files: Record<string, string> = {};
      if (data) {
        if (src.items) for (const it of src.items) files[it.path] = data[it.key] ?? '';
        else Object.assign(files, data);
      }
      out.push({ name, kind: v.configMap ? 'configMap' : 'secret', files });
    } else out.push({ name, kind: 'emptyDir' });
  }
  return out;
}

export function buildTask(input: TaskBuildInput): Task {
  const { tmpl } = input;
  let facts: PodFacts | undefined;
  const pod = (): PodFacts => (facts ??= podFacts(input));
  let main: TaskContainer;
  let kind: Task['kind'];
  let containers: TaskContainer[] | undefined;
  if (tmpl.script) {
    kind = 'script';
    main = toContainer(tmpl.script, 'main', pod, input.configMaps);
  } else if (tmpl.container) {
    kind = 'container';
    main = toContainer(tmpl.container, 'main', pod, input.configMaps);
  } else if (tmpl.containerSet) {
    kind = 'containerSet';
    const shared = (tmpl.containerSet.volumeMounts ?? []).map(toMount);
    containers = tmpl.containerSet.containers.map((c) => {
      const tc = toContainer(c, c.name ?? 'main', pod, input.configMaps);
      tc.volumeMounts = [...shared, ...tc.volumeMounts];
      if (c.dependencies) tc.dependencies = c.dependencies;
      return tc;
    });
    main = containers.find((c) => c.name === 'main') ?? containers[containers.length - 1]!;
  } else {
    throw new SpecError(`template ${tmpl.name ?? ''} cannot run as a pod`);
  }
  main.name = kind === 'containerSet' ? main.name : 'main';
  const init = (tmpl.initContainers ?? []).map((c, i) => {
    const tc = toContainer(c, c.name ?? `init-${i}`, pod, input.configMaps);
    if (c.mirrorVolumeMounts) tc.volumeMounts = [...main.volumeMounts];
    return tc;
  });
  const sidecars = (tmpl.sidecars ?? []).map((c, i) => {
    const tc = toContainer(c, c.name ?? `sidecar-${i}`, pod, input.configMaps);
    if (c.mirrorVolumeMounts) tc.volumeMounts = [...main.volumeMounts];
    return tc;
  });
  const all = [main, ...(containers ?? []), ...init, ...sidecars];

  const inputArtifacts: TaskInputArtifact[] = [];
  for (const a of tmpl.inputs?.artifacts ?? []) {
    const location = locationOf(a);
    if (!location) {
      if (a.optional) continue;
      throw new SpecError(`inputs.artifacts.${a.name} was not supplied`);
    }
    if (!a.path) throw new SpecError(`inputs.artifacts.${a.name}.path is required`);
    const ia: TaskInputArtifact = { name: a.name, path: a.path, location };
    // stored as-is: raw data, or an artifact saved with archive none; otherwise the emissary detects a tarball
    if (location.raw || a.archive?.none) ia.archive = 'none';
    else if (a.archive?.zip) ia.archive = 'zip';
    else if (a.archive?.tar) ia.archive = 'tar';
    if (a.recurseMode) ia.recurseMode = true;
    if (a.mode !== undefined) ia.mode = a.mode;
    if (a.subPath) ia.subPath = a.subPath;
    if (a.optional) ia.optional = true;
    inputArtifacts.push(ia);
  }

  const outputArtifacts: TaskOutputArtifact[] = [];
  for (const a of tmpl.outputs?.artifacts ?? []) {
    if (!a.path) continue;
    const archive = archiveOf(a);
    const own = locationOf(a);
    let location: ArtifactLocation;
    if (own?.s3?.key && input.repository.s3) location = { s3: { ...input.repository.s3, ...own.s3 } };
    else if (own && !own.s3) location = own;
    else location = repositoryLocation(input.repository, outputKey(input.repository, input, a.name, archive));
    if ('keyFormat' in (location.s3 ?? {})) delete (location.s3 as Record<string, unknown>).keyFormat;
    const oa: TaskOutputArtifact = { name: a.name, path: a.path, archive, location };
    if (a.archive?.tar?.compressionLevel !== undefined) oa.compressionLevel = a.archive.tar.compressionLevel;
    if (a.optional) oa.optional = true;
    if (a.globalName) oa.globalName = a.globalName;
    outputArtifacts.push(oa);
  }

  const executor: EmissaryConfig = {
    ...(input.executorDefaults ?? {}),
    ...(input.spec.executor?.emissary ?? {}),
    ...(tmpl.executor?.emissary ?? {}),
  };

  const task: Task = {
    workflow: input.workflow,
    nodeId: input.nodeId,
    nodeName: input.nodeName,
    podName: input.podName,
    templateName: tmpl.name ?? '',
    kind,
    main,
    volumes: collectVolumes(input, all),
    inputs: {
      parameters: (tmpl.inputs?.parameters ?? []).map((p) => ({ name: p.name, value: p.value ?? '' })),
      artifacts: inputArtifacts,
    },
    outputs: {
      parameters: (tmpl.outputs?.parameters ?? [])
        .filter((p) => p.valueFrom?.path)
        .map((p) => {
          const o: { name: string; path: string; default?: string } = {
            name: p.name,
            path: p.valueFrom!.path!,
          };
          if (p.valueFrom?.default !== undefined) o.default = p.valueFrom.default;
          return o;
        }),
      artifacts: outputArtifacts,
      result: input.captureResult,
    },
    terminationGracePeriodMs: input.terminationGracePeriodMs,
    executor,
  };
  if (containers) task.containers = containers;
  const csRetry = tmpl.containerSet?.retryStrategy;
  if (csRetry) {
    const retries = Number.parseInt(String(csRetry.retries), 10);
    const durationMs = csRetry.duration
      ? parseSecondsOrDuration(csRetry.duration, 'containerSet.retryStrategy.duration')
      : undefined;
    if (!Number.isNaN(retries)) task.containerSetRetry = { retries, ...(durationMs ? { durationMs } : {}) };
  }
  if (init.length) task.initContainers = init;
  if (sidecars.length) task.sidecars = sidecars;
  if (tmpl.script) task.script = tmpl.script.source;
  if (input.deadline !== undefined) {
    task.deadline = input.deadline;
    if (input.deadlineMessage) task.deadlineMessage = input.deadlineMessage;
  }
  if (tmpl.daemon) task.daemon = true;
  return task;
}
