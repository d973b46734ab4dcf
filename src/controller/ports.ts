/**
 * @module controller/ports
 * What the controller needs from the world, and what it hands to it. The controller never imports an
 * implementation of these: `main/` wires the emissary, the store and the clock in.
 *
 * The contract between the controller and the emissary:
 * - A `Task` is fully resolved before it leaves the controller: every `{{...}}` substituted, every input
 *   artifact given a concrete location, every output given a destination. The emissary needs nothing else.
 * - The emissary reports `TaskEvent`s (started, log, finished). It never writes workflow status; the
 *   controller merges a `TaskResult` into the node it belongs to.
 */

import type {
  Artifact,
  ArtifactLocation,
  Container,
  EmissaryConfig,
  NodePhase,
  Outputs,
  WorkflowPhase,
} from '../spec/types.ts';

// ---------------------------------------------------------------------------------------------------------
// Task: controller → emissary

export const TaskKind = {
  Container: 'container',
  Script: 'script',
  ContainerSet: 'containerSet',
  Resource: 'resource',
  HTTP: 'http',
} as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];

/** A volume as the runtime must provide it; the runtime maps each kind to a place of its own. */
export interface TaskVolume {
  name: string;
  /**
   * - `emptyDir`: a fresh directory for this task (pod), removed with it;
   * - `workflowClaim`: a directory per workflow for `volumeClaimTemplates[].metadata.name` (`claimName`);
   * - `claim`: an existing `persistentVolumeClaim.claimName`, a directory per namespace that outlives workflows;
   * - `hostPath`: the host path itself;
   * - `configMap` / `secret`: files made from `items` (`files`: relative path → content).
   */
  kind: 'emptyDir' | 'workflowClaim' | 'claim' | 'hostPath' | 'configMap' | 'secret';
  claimName?: string;
  hostPath?: string;
  files?: Record<string, string>;
}

export interface TaskVolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

/** One container of a task: the main one, a containerSet member, an init container or a sidecar. */
export interface TaskContainer {
  name: string;
  image: string;
  /** Empty when the image's own entrypoint is to be used (the runtime resolves it). */
  command: string[];
  args: string[];
  env: { name: string; value: string }[];
  workingDir?: string;
  volumeMounts: TaskVolumeMount[];
  resources?: Container['resources'];
  /** containerSet: names of the containers that must succeed before this one starts. */
  dependencies?: string[];
}

export interface TaskInputArtifact {
  name: string;
  /** Absolute path inside the step where the artifact must be before the entrypoint starts. */
  path: string;
  /** Where it is stored now. `raw` carries the data inline. */
  location: ArtifactLocation;
  /**
   * How it was archived when it was saved: `tar` (a .tgz, unpacked on load), `zip`, or `none` (the file as
   * is). Absent when the artifact says nothing: the emissary then unpacks it only if it is a tarball, as
   * Argo's executor auto-detects (e.g. an `http` or `s3` input given by URL or key).
   */
  archive?: 'tar' | 'none' | 'zip';
  /** File mode to set after staging (Argo `mode`), on everything below the path with `recurseMode`. */
  mode?: number;
  recurseMode?: boolean;
  /** Appended to the location's key (or URL path) before loading. */
  subPath?: string;
  optional?: boolean;
}

export interface TaskOutputParameter {
  name: string;
  /** Absolute path of the file in the step. */
  path: string;
  /** Used when the file is missing; without it a missing file ends the task in Error. */
  default?: string;
}

export interface TaskOutputArtifact {
  name: string;
  path: string;
  /** `tar` (gzip, the default), `none` (a single file stored as is) or `zip`. */
  archive: 'tar' | 'none' | 'zip';
  compressionLevel?: number;
  optional?: boolean;
  /** Destination in the artifact repository, chosen by the controller (key `<wf>/<pod>/<name>.tgz`). */
  location: ArtifactLocation;
  globalName?: string;
}

export interface Task {
  workflow: { uid: string; name: string; namespace: string };
  /** Node ID in `status.nodes`; a task is identified by it. */
  nodeId: string;
  nodeName: string;
  podName: string;
  templateName: string;
  kind: TaskKind;
  /** The main container (for containerSet: the members are in `containers`). */
  main: TaskContainer;
  /** containerSet members, in declaration order; outputs come from the one named `main`. */
  containers?: TaskContainer[];
  /**
   * containerSet `retryStrategy {retries, duration}`, applied by the emissary in place: a member's command
   * runs again after `durationMs` while it exits non-zero, `retries` runs in all (Argo's emissary backoff).
   */
  containerSetRetry?: { retries: number; durationMs?: number };
  initContainers?: TaskContainer[];
  sidecars?: TaskContainer[];
  /** Script source for `script` templates: written to `/argo/staging/script`, appended as last argument. */
  script?: string;
  volumes: TaskVolume[];
  inputs: { parameters: { name: string; value: string }[]; artifacts: TaskInputArtifact[] };
  outputs: {
    parameters: TaskOutputParameter[];
    artifacts: TaskOutputArtifact[];
    /** Capture stdout as `outputs.result` (last 256 KiB, one trailing newline dropped). */
    result: boolean;
  };
  /** Absolute deadline (ms since epoch) after which the emissary stops the task: SIGTERM, then SIGKILL. */
  deadline?: number;
  /** Message the task ends with when `deadline` is hit (Argo: `Step exceeded its deadline`). */
  deadlineMessage?: string;
  /** Grace period between SIGTERM and SIGKILL, ms. */
  terminationGracePeriodMs: number;
  /** Save the combined log as artifact `main-logs` here. */
  archiveLogs?: ArtifactLocation;
  executor: EmissaryConfig;
  /** Daemon step: report `started` as ready and keep running until cancelled. */
  daemon?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Task events: emissary → controller

export const TaskResultPhase = { Succeeded: 'Succeeded', Failed: 'Failed', Error: 'Error' } as const;
export type TaskResultPhase = (typeof TaskResultPhase)[keyof typeof TaskResultPhase];

export interface TaskResult {
  nodeId: string;
  /** A non-zero exit of the user's command is Failed; anything wrong around it is Error. */
  phase: TaskResultPhase;
  exitCode?: number;
  /** Argo's node message, e.g. `main: Error (exit code 1)`. */
  message?: string;
  outputs?: {
    parameters?: { name: string; value: string }[];
    /** Output artifacts with their final location (as in Argo's status). */
    artifacts?: Artifact[];
    result?: string;
  };
  /** containerSet: per-member outcome, keyed by container name. */
  containers?: Record<
    string,
    { phase: TaskResultPhase; exitCode?: number; message?: string; startedAt?: string; finishedAt?: string }
  >;
  /** ISO 8601 with second precision, as Argo prints. */
  startedAt: string;
  finishedAt: string;
}

export type TaskEvent =
  | { type: 'started'; nodeId: string; at: string }
  | { type: 'log'; nodeId: string; container: string; stream: 'stdout' | 'stderr'; line: string; at: string }
  /** The step reported its own progress (`N/M`, the last line it wrote to `ARGO_PROGRESS_FILE`). */
  | { type: 'progress'; nodeId: string; progress: string }
  | { type: 'finished'; result: TaskResult };

/** Implemented by the emissary (or a client of a remote one). */
export interface TaskLauncher {
  start(task: Task): void;
  /** Stop a running or queued task; it still reports `finished`. */
  cancel(nodeId: string, reason: CancelReason): void;
}

export type CancelReason = 'stop' | 'terminate' | 'deadline' | 'daemon-done';

// ---------------------------------------------------------------------------------------------------------
// Reconcile: observations in, actions out

export type Observation =
  | { type: 'task-started'; nodeId: string; at: string }
  /** A running step's self-reported progress (Argo's WorkflowTaskResult `progress`). */
  | { type: 'task-progress'; nodeId: string; progress: string }
  | { type: 'task-finished'; result: TaskResult }
  | { type: 'suspend' }
  /** A synchronization lock was released somewhere: waiting nodes and workflows try again. */
  | { type: 'locks-changed' }
  | { type: 'resume'; nodeFieldSelector?: string }
  | { type: 'shutdown'; strategy: 'Stop' | 'Terminate'; message?: string }
  | {
      type: 'set-node';
      nodeFieldSelector: string;
      phase?: NodePhase;
      message?: string;
      outputParameters?: Record<string, string>;
    };

export type Action =
  | { type: 'start-task'; task: Task }
  | { type: 'cancel-task'; nodeId: string; reason: CancelReason }
  /** Call reconcile again at this time (ms since epoch) even if nothing is observed. */
  | { type: 'wake-at'; at: number }
  /** Keep a memoized node's outputs in its cache (`memoize.cache.configMap.name`) under `key`. */
  | {
      type: 'memoize';
      namespace: string;
      cacheName: string;
      key: string;
      entry: { nodeId: string; outputs: Outputs; createdAt: string };
    }
  | { type: 'workflow-completed'; phase: WorkflowPhase };

export interface Clock {
  now(): number;
}
