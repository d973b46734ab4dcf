/**
 * @module spec/types
 * Argo's `argoproj.io/v1alpha1` types with Argo's field names (pkg/apis/workflow/v1alpha1). Only the
 * fields nuncio reads are typed precisely; Kubernetes objects that nuncio passes through (affinity,
 * securityContext, ...) are `unknown`. Validation of every field lives in `spec/schema`, not here.
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

export const WorkflowKinds = [
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
] as const;
export type WorkflowKind = (typeof WorkflowKinds)[number];

// ---------------------------------------------------------------------------------------------------------
// Parameters and artifacts

export interface ConfigMapKeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface ValueFrom {
  path?: string;
  jsonPath?: string;
  jqFilter?: string;
  parameter?: string;
  expression?: string;
  event?: string;
  supplied?: Record<string, never>;
  default?: string;
  configMapKeyRef?: ConfigMapKeySelector;
}

export interface Parameter {
  name: string;
  /** Argo's AnyString: YAML numbers and booleans are accepted and turned into strings by `normalize`. */
  value?: string;
  default?: string;
  enum?: string[];
  description?: string;
  globalName?: string;
  valueFrom?: ValueFrom;
}

/** Where an artifact lives. Exactly one location field is set. `local` is nuncio's local-directory repository. */
export interface ArtifactLocation {
  archiveLogs?: boolean;
  raw?: { data: string };
  http?: { url: string; headers?: { name: string; value: string }[]; auth?: unknown };
  s3?: S3Artifact;
  git?: Record<string, unknown>;
  gcs?: Record<string, unknown>;
  azure?: Record<string, unknown>;
  oss?: Record<string, unknown>;
  hdfs?: Record<string, unknown>;
  artifactory?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
  /** nuncio's local-directory artifact repository: `key` is relative to the repository root. */
  local?: { key: string };
}

/**
 * The artifact repository that output artifacts go to (controller `artifactRepository`, or the entry an
 * `artifactRepositoryRef` names). `local` is nuncio's local-directory repository.
 */
export interface ArtifactRepository {
  archiveLogs?: boolean;
  local?: { path?: string; keyFormat?: string };
  s3?: S3Artifact & { keyFormat?: string };
}

export interface S3Artifact {
  key?: string;
  bucket?: string;
  endpoint?: string;
  region?: string;
  insecure?: boolean;
  accessKeySecret?: { name: string; key: string };
  secretKeySecret?: { name: string; key: string };
  [k: string]: unknown;
}

export interface ArchiveStrategy {
  tar?: { compressionLevel?: number };
  none?: Record<string, never>;
  zip?: Record<string, never>;
}

export interface Artifact extends ArtifactLocation {
  name: string;
  path?: string;
  mode?: number;
  from?: string;
  fromExpression?: string;
  optional?: boolean;
  subPath?: string;
  recurseMode?: boolean;
  archive?: ArchiveStrategy;
  globalName?: string;
  deleted?: boolean;
  artifactGC?: { strategy?: string; [k: string]: unknown };
}

export interface Inputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export interface Outputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
  result?: string;
  exitCode?: string;
}

export interface Arguments {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

// ---------------------------------------------------------------------------------------------------------
// Containers (Kubernetes core/v1 subset)

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
  [k: string]: unknown;
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  workingDir?: string;
  volumeMounts?: VolumeMount[];
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
  imagePullPolicy?: string;
  [k: string]: unknown;
}

export interface ScriptTemplate extends Container {
  source: string;
}

export interface UserContainer extends Container {
  mirrorVolumeMounts?: boolean;
}

export interface ContainerNode extends Container {
  dependencies?: string[];
}

export interface ContainerSetTemplate {
  containers: ContainerNode[];
  volumeMounts?: VolumeMount[];
  retryStrategy?: { retries: string | number; duration?: string };
}

export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  hostPath?: { path: string; type?: string };
  configMap?: unknown;
  secret?: unknown;
  [k: string]: unknown;
}

export interface PersistentVolumeClaim {
  metadata: ObjectMeta;
  spec: Record<string, unknown>;
  [k: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------
// Control flow

export interface ContinueOn {
  error?: boolean;
  failed?: boolean;
}

export interface TemplateRef {
  name: string;
  template: string;
  clusterScope?: boolean;
}

export interface LifecycleHook {
  template?: string;
  templateRef?: TemplateRef;
  arguments?: Arguments;
  expression?: string;
}

export type LifecycleHooks = Record<string, LifecycleHook>;

export interface Sequence {
  count?: string | number;
  start?: string | number;
  end?: string | number;
  format?: string;
}

/** An item of `withItems`: any JSON value. */
export type Item = string | number | boolean | null | Item[] | { [k: string]: Item };

/** Fields shared by a step and a DAG task. */
export interface StepOrTask {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
  arguments?: Arguments;
  when?: string;
  withItems?: Item[];
  withParam?: string;
  withSequence?: Sequence;
  continueOn?: ContinueOn;
  onExit?: string;
  hooks?: LifecycleHooks;
}

export type WorkflowStep = StepOrTask;

export interface DAGTask extends StepOrTask {
  dependencies?: string[];
  depends?: string;
}

export interface DAGTemplate {
  tasks: DAGTask[];
  target?: string;
  failFast?: boolean;
}

export interface SuspendTemplate {
  duration?: string;
}

export interface Backoff {
  duration?: string | number;
  factor?: string | number;
  maxDuration?: string | number;
  cap?: string | number;
}

export const RetryPolicy = {
  Always: 'Always',
  OnFailure: 'OnFailure',
  OnError: 'OnError',
  OnTransientError: 'OnTransientError',
} as const;
export type RetryPolicy = (typeof RetryPolicy)[keyof typeof RetryPolicy];

export interface RetryStrategy {
  limit?: string | number;
  retryPolicy?: RetryPolicy;
  backoff?: Backoff;
  expression?: string;
  affinity?: unknown;
}

export interface Memoize {
  key: string;
  maxAge?: string;
  cache?: { configMap: { name: string; key?: string } };
}

export interface SynchronizationConfig {
  mutexes?: { name: string; namespace?: string; database?: boolean }[];
  semaphores?: {
    configMapKeyRef?: ConfigMapKeySelector;
    namespace?: string;
    database?: { key: string };
  }[];
}

export interface ResourceTemplate {
  action: string;
  manifest?: string;
  manifestFrom?: { artifact: Artifact };
  mergeStrategy?: string;
  successCondition?: string;
  failureCondition?: string;
  setOwnerReference?: boolean;
  flags?: string[];
}

export interface HTTPTemplate {
  method?: string;
  url: string;
  headers?: { name: string; value?: string; valueFrom?: unknown }[];
  body?: string;
  bodyFrom?: { bytes?: string };
  timeoutSeconds?: number;
  successCondition?: string;
  insecureSkipVerify?: boolean;
}

/** nuncio's executor settings (`executor.emissary`): runtime choice and task limits. */
export interface EmissaryConfig {
  runtime?: 'process' | 'container' | 'kubernetes';
  /** Go duration or seconds; the emissary stops a task that runs longer. */
  taskTimeout?: string | number;
  resources?: Container['resources'];
  /** process runtime: set false to run without the bubblewrap sandbox. */
  sandbox?: boolean;
}

export interface ExecutorConfig {
  serviceAccountName?: string;
  emissary?: EmissaryConfig;
}

export interface Metadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Template {
  name?: string;
  inputs?: Inputs;
  outputs?: Outputs;
  metadata?: Metadata;
  daemon?: boolean;
  // exactly one of:
  container?: Container;
  script?: ScriptTemplate;
  containerSet?: ContainerSetTemplate;
  resource?: ResourceTemplate;
  dag?: DAGTemplate;
  steps?: WorkflowStep[][];
  suspend?: SuspendTemplate;
  http?: HTTPTemplate;
  data?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
  // shaping and control
  volumes?: Volume[];
  initContainers?: UserContainer[];
  sidecars?: UserContainer[];
  archiveLocation?: ArtifactLocation;
  activeDeadlineSeconds?: string | number;
  retryStrategy?: RetryStrategy;
  parallelism?: number;
  failFast?: boolean;
  timeout?: string;
  memoize?: Memoize;
  synchronization?: SynchronizationConfig;
  executor?: ExecutorConfig;
  podSpecPatch?: string;
  /** Annotations of the template's node at run time (e.g. `workflows.argoproj.io/display-name`). */
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

export const TemplateType = {
  Container: 'Container',
  ContainerSet: 'ContainerSet',
  Steps: 'Steps',
  Script: 'Script',
  Resource: 'Resource',
  DAG: 'DAG',
  Suspend: 'Suspend',
  Data: 'Data',
  HTTP: 'HTTP',
  Plugin: 'Plugin',
  Unknown: 'Unknown',
} as const;
export type TemplateType = (typeof TemplateType)[keyof typeof TemplateType];

export function templateType(t: Template): TemplateType {
  if (t.container) return TemplateType.Container;
  if (t.containerSet) return TemplateType.ContainerSet;
  if (t.steps) return TemplateType.Steps;
  if (t.dag) return TemplateType.DAG;
  if (t.script) return TemplateType.Script;
  if (t.resource) return TemplateType.Resource;
  if (t.data) return TemplateType.Data;
  if (t.suspend) return TemplateType.Suspend;
  if (t.http) return TemplateType.HTTP;
  if (t.plugin) return TemplateType.Plugin;
  return TemplateType.Unknown;
}

/** Leaf templates become Pod nodes (one task each). */
export function isPodTemplate(t: Template): boolean {
  return !!(t.container || t.script || t.containerSet || t.resource || t.data);
}

// ---------------------------------------------------------------------------------------------------------
// Workflow

export interface TTLStrategy {
  secondsAfterCompletion?: number;
  secondsAfterSuccess?: number;
  secondsAfterFailure?: number;
}

export interface WorkflowSpec {
  templates?: Template[];
  entrypoint?: string;
  arguments?: Arguments;
  serviceAccountName?: string;
  volumes?: Volume[];
  volumeClaimTemplates?: PersistentVolumeClaim[];
  parallelism?: number;
  suspend?: boolean;
  shutdown?: 'Stop' | 'Terminate';
  activeDeadlineSeconds?: number;
  onExit?: string;
  hooks?: LifecycleHooks;
  ttlStrategy?: TTLStrategy;
  podGC?: Record<string, unknown>;
  retryStrategy?: RetryStrategy;
  templateDefaults?: Template;
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  workflowMetadata?: Metadata & { labelsFrom?: Record<string, { expression: string }> };
  artifactRepositoryRef?: { configMap?: string; key?: string };
  synchronization?: SynchronizationConfig;
  executor?: ExecutorConfig;
  priority?: number;
  archiveLogs?: boolean;
  podSpecPatch?: string;
  [k: string]: unknown;
}

export interface CronWorkflowSpec {
  schedules?: string[];
  timezone?: string;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  suspend?: boolean;
  stopStrategy?: { expression: string };
  when?: string;
  workflowMetadata?: Metadata;
  workflowSpec: WorkflowSpec;
}

// ---------------------------------------------------------------------------------------------------------
// Status

export const WorkflowPhase = {
  Unknown: '',
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Error: 'Error',
} as const;
export type WorkflowPhase = (typeof WorkflowPhase)[keyof typeof WorkflowPhase];

export const NodePhase = {
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Skipped: 'Skipped',
  Failed: 'Failed',
  Error: 'Error',
  Omitted: 'Omitted',
} as const;
export type NodePhase = (typeof NodePhase)[keyof typeof NodePhase];

export const NodeType = {
  Pod: 'Pod',
  Container: 'Container',
  Steps: 'Steps',
  StepGroup: 'StepGroup',
  DAG: 'DAG',
  TaskGroup: 'TaskGroup',
  Retry: 'Retry',
  Skipped: 'Skipped',
  Suspend: 'Suspend',
  HTTP: 'HTTP',
  Plugin: 'Plugin',
} as const;
export type NodeType = (typeof NodeType)[keyof typeof NodeType];

export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: NodeType;
  templateName?: string;
  templateRef?: TemplateRef;
  templateScope?: string;
  phase: NodePhase;
  boundaryID?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  estimatedDuration?: number;
  progress?: string;
  resourcesDuration?: Record<string, number>;
  podIP?: string;
  daemoned?: boolean;
  nodeFlag?: { hooked?: boolean; retried?: boolean };
  inputs?: Inputs;
  outputs?: Outputs;
  children?: string[];
  outboundNodes?: string[];
  hostNodeName?: string;
  memoizationStatus?: { hit: boolean; key: string; cacheName: string };
  synchronizationStatus?: { waiting?: string };
  taskResultSynced?: boolean;
}

export interface Condition {
  type: string;
  status: string;
  message?: string;
}

export interface WorkflowStatus {
  phase: WorkflowPhase;
  startedAt?: string | null;
  finishedAt?: string | null;
  estimatedDuration?: number;
  progress?: string;
  message?: string;
  nodes?: Record<string, NodeStatus>;
  storedTemplates?: Record<string, Template>;
  persistentVolumeClaims?: Volume[];
  outputs?: Outputs;
  conditions?: Condition[];
  resourcesDuration?: Record<string, number>;
  storedWorkflowTemplateSpec?: WorkflowSpec;
  artifactRepositoryRef?: unknown;
  taskResultsCompletionStatus?: Record<string, boolean>;
}

export interface Workflow {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Workflow';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

export interface WorkflowTemplate {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
}

export interface CronWorkflow {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'CronWorkflow';
  metadata: ObjectMeta;
  spec: CronWorkflowSpec;
  status?: Record<string, unknown>;
}

export type Manifest = Workflow | WorkflowTemplate | CronWorkflow;

/** Completed = Succeeded, Failed or Error (pkg/apis/workflow/v1alpha1 NodePhase). */
export function isCompletedPhase(p: NodePhase | WorkflowPhase): boolean {
  return p === 'Succeeded' || p === 'Failed' || p === 'Error';
}

/** Fulfilled = completed, Skipped or Omitted. */
export function isFulfilledPhase(p: NodePhase): boolean {
  return isCompletedPhase(p) || p === 'Skipped' || p === 'Omitted';
}

export function isFailedOrError(p: NodePhase | WorkflowPhase): boolean {
  return p === 'Failed' || p === 'Error';
}
