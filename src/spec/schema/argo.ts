/**
 * @module spec/schema/argo
 * Shapes of Argo's `argoproj.io/v1alpha1` objects (pkg/apis/workflow/v1alpha1, v4), written from Argo's
 * field reference: Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow and everything they
 * contain. Fields removed in v4 (CronWorkflow `schedule`, synchronization `mutex`/`semaphore`) are absent,
 * so they are reported as unknown. nuncio's one extension, `executor.emissary`, is known at workflow and
 * template level.
 */
import {
  affinity,
  configMapKeySelector,
  container,
  containerFields,
  envVar,
  hostAlias,
  labelSelector,
  localObjectReference,
  objectMeta,
  persistentVolumeClaim,
  podDisruptionBudgetSpec,
  podDNSConfig,
  podResourceClaim,
  podSecurityContext,
  resourceRequirements,
  secretKeySelector,
  toleration,
  volume,
  volumeMount,
} from './k8s.ts';
import {
  any,
  anyStr,
  bool,
  int,
  intOrStr,
  list,
  map,
  num,
  obj,
  oneOf,
  open,
  type Shape,
  str,
  strList,
  strMap,
} from './shape.ts';

const metadata = obj('Metadata', { annotations: strMap, labels: strMap });

const valueFrom = obj('ValueFrom', {
  path: str,
  jsonPath: str,
  jqFilter: str,
  event: str,
  parameter: str,
  supplied: obj('SuppliedValueFrom', {}),
  configMapKeyRef: configMapKeySelector,
  default: anyStr,
  expression: str,
});

export const parameter = obj('Parameter', {
  name: str,
  default: anyStr,
  value: anyStr,
  valueFrom,
  globalName: str,
  enum: list(anyStr),
  description: anyStr,
});

const s3Bucket = {
  endpoint: str,
  bucket: str,
  region: str,
  insecure: bool,
  accessKeySecret: secretKeySelector,
  secretKeySecret: secretKeySelector,
  sessionTokenSecret: secretKeySelector,
  roleARN: str,
  useSDKCreds: bool,
  createBucketIfNotPresent: obj('CreateS3BucketOptions', { objectLocking: bool }),
  encryptionOptions: obj('S3EncryptionOptions', {
    kmsKeyId: str,
    kmsEncryptionContext: str,
    enableEncryption: bool,
    serverSideCustomerKeySecret: secretKeySelector,
  }),
  caSecret: secretKeySelector,
  addressingStyle: str,
} as const;

const basicAuth = obj('BasicAuth', { usernameSecret: secretKeySelector, passwordSecret: secretKeySelector });
const httpAuth = obj('HTTPAuth', {
  clientCert: obj('ClientCertAuth', {
    clientCertSecret: secretKeySelector,
    clientKeySecret: secretKeySelector,
  }),
  oauth2: obj('OAuth2Auth', {
    clientIDSecret: secretKeySelector,
    clientSecretSecret: secretKeySelector,
    tokenURLSecret: secretKeySelector,
    scopes: strList,
    endpointParams: list(obj('OAuth2EndpointParam', { key: str, value: str })),
  }),
  basicAuth,
});
const header = obj('Header', { name: str, value: str });

const hdfsConfig = {
  krbCCacheSecret: secretKeySelector,
  krbKeytabSecret: secretKeySelector,
  krbUsername: str,
  krbRealm: str,
  krbConfigConfigMap: configMapKeySelector,
  krbServicePrincipalName: str,
  addresses: strList,
  hdfsUser: str,
  dataTransferProtection: str,
} as const;

const ossBucket = {
  endpoint: str,
  bucket: str,
  accessKeySecret: secretKeySelector,
  secretKeySecret: secretKeySelector,
  createBucketIfNotPresent: bool,
  securityToken: str,
  lifecycleRule: obj('OSSLifecycleRule', { markInfrequentAccessAfterDays: int, markDeletionAfterDays: int }),
  useSDKCreds: bool,
} as const;

/** Fields of ArtifactLocation; Artifact, archiveLocation and ArtifactPaths embed them. */
const artifactLocationFields = {
  archiveLogs: bool,
  s3: obj('S3Artifact', { ...s3Bucket, key: str }),
  git: obj('GitArtifact', {
    repo: str,
    revision: str,
    depth: int,
    fetch: strList,
    usernameSecret: secretKeySelector,
    passwordSecret: secretKeySelector,
    sshPrivateKeySecret: secretKeySelector,
    insecureIgnoreHostKey: bool,
    disableSubmodules: bool,
    singleBranch: bool,
    branch: str,
    insecureSkipTLS: bool,
  }),
  http: obj('HTTPArtifact', { headers: list(header), url: str, auth: httpAuth }),
  artifactory: obj('ArtifactoryArtifact', {
    url: str,
    usernameSecret: secretKeySelector,
    passwordSecret: secretKeySelector,
  }),
  hdfs: obj('HDFSArtifact', { ...hdfsConfig, path: str, force: bool }),
  raw: obj('RawArtifact', { data: str }),
  oss: obj('OSSArtifact', { ...ossBucket, key: str }),
  gcs: obj('GCSArtifact', { bucket: str, serviceAccountKeySecret: secretKeySelector, key: str }),
  azure: obj('AzureArtifact', {
    endpoint: str,
    container: str,
    accountKeySecret: secretKeySelector,
    useSDKCreds: bool,
    blob: str,
  }),
  /** Artifact plugins (v4): the plugin owns its configuration, so it is not checked here. */
  plugin: open,
} as const;

export const artifactLocation = obj('ArtifactLocation', artifactLocationFields);

const artifactGC = obj('ArtifactGC', {
  strategy: str,
  podMetadata: metadata,
  serviceAccountName: str,
  env: list(envVar),
  volumes: list(volume),
  volumeMounts: list(volumeMount),
});

const artifactFields = {
  name: str,
  path: str,
  mode: int,
  from: str,
  ...artifactLocationFields,
  globalName: str,
  archive: obj('ArchiveStrategy', {
    tar: obj('TarStrategy', { compressionLevel: int }),
    none: obj('NoneStrategy', {}),
    zip: obj('ZipStrategy', {}),
  }),
  optional: bool,
  subPath: str,
  recurseMode: bool,
  fromExpression: str,
  artifactGC,
  deleted: bool,
} as const;

export const artifact = obj('Artifact', artifactFields);

export const args = obj('Arguments', { parameters: list(parameter), artifacts: list(artifact) });

const templateRef = obj('TemplateRef', { name: str, template: str, clusterScope: bool });

const lifecycleHook = obj('LifecycleHook', { template: str, arguments: args, templateRef, expression: str });

const sequence = obj('Sequence', { count: intOrStr, start: intOrStr, end: intOrStr, format: str });

const continueOn = obj('ContinueOn', { error: bool, failed: bool });

/** Fields shared by a steps step and a DAG task. */
const stepFields = {
  name: str,
  template: str,
  inline: () => template,
  arguments: args,
  templateRef,
  withItems: list(any),
  withParam: str,
  withSequence: sequence,
  when: str,
  continueOn,
  onExit: str,
  hooks: map(lifecycleHook),
} as const;

const workflowStep = obj('WorkflowStep', stepFields);
const dagTask = obj('DAGTask', { ...stepFields, dependencies: strList, depends: str });

const retryStrategy = obj('RetryStrategy', {
  limit: intOrStr,
  retryPolicy: str,
  backoff: obj('Backoff', { duration: str, factor: intOrStr, maxDuration: str, cap: str }),
  affinity: obj('RetryAffinity', { nodeAntiAffinity: obj('RetryNodeAntiAffinity', {}) }),
  expression: str,
});

const prometheus = obj('Prometheus', {
  name: str,
  labels: list(obj('MetricLabel', { key: str, value: str })),
  help: str,
  when: str,
  gauge: obj('Gauge', { value: str, realtime: bool, operation: str }),
  histogram: obj('Histogram', { value: str, buckets: list(num) }),
  counter: obj('Counter', { value: str }),
});
const metrics = obj('Metrics', { prometheus: list(prometheus) });

const synchronization = obj('Synchronization', {
  semaphores: list(
    obj('SemaphoreRef', {
      configMapKeyRef: configMapKeySelector,
      namespace: str,
      database: obj('SyncDatabaseRef', { key: str }),
    }),
  ),
  mutexes: list(obj('Mutex', { name: str, namespace: str, database: bool })),
});

/** nuncio's executor settings: which runtime runs the step and the emissary's limits for it. */
const emissary = obj('EmissaryConfig', {
  runtime: oneOf('process', 'container', 'kubernetes'),
  taskTimeout: intOrStr,
  resources: resourceRequirements,
  sandbox: bool,
});
const executor = obj('ExecutorConfig', { serviceAccountName: str, emissary });

const userContainer = obj('UserContainer', { ...containerFields, mirrorVolumeMounts: bool });

const template: Shape = obj('Template', {
  name: str,
  inputs: obj('Inputs', { parameters: list(parameter), artifacts: list(artifact) }),
  outputs: obj('Outputs', {
    parameters: list(parameter),
    artifacts: list(artifact),
    result: str,
    exitCode: str,
  }),
  nodeSelector: strMap,
  affinity,
  metadata,
  daemon: bool,
  steps: list(list(workflowStep)),
  container,
  containerSet: obj('ContainerSetTemplate', {
    containers: list(obj('ContainerNode', { ...containerFields, dependencies: strList })),
    volumeMounts: list(volumeMount),
    retryStrategy: obj('ContainerSetRetryStrategy', { duration: str, retries: intOrStr }),
  }),
  script: obj('ScriptTemplate', { ...containerFields, source: str }),
  resource: obj('ResourceTemplate', {
    action: str,
    mergeStrategy: str,
    manifest: str,
    manifestFrom: obj('ManifestFrom', { artifact }),
    setOwnerReference: bool,
    successCondition: str,
    failureCondition: str,
    flags: strList,
  }),
  dag: obj('DAGTemplate', { target: str, tasks: list(dagTask), failFast: bool }),
  suspend: obj('SuspendTemplate', { duration: str }),
  data: obj('Data', {
    source: obj('DataSource', { artifactPaths: obj('ArtifactPaths', artifactFields) }),
    transformation: list(obj('TransformationStep', { expression: str })),
  }),
  http: obj('HTTP', {
    method: str,
    url: str,
    headers: list(
      obj('HTTPHeader', {
        name: str,
        value: str,
        valueFrom: obj('HTTPHeaderSource', { secretKeyRef: secretKeySelector }),
      }),
    ),
    timeoutSeconds: int,
    successCondition: str,
    body: str,
    bodyFrom: obj('HTTPBodySource', { bytes: str }),
    insecureSkipVerify: bool,
  }),
  /** Executor plugins: one key naming the plugin, its configuration owned by the plugin. */
  plugin: open,
  volumes: list(volume),
  initContainers: list(userContainer),
  sidecars: list(userContainer),
  archiveLocation: artifactLocation,
  activeDeadlineSeconds: intOrStr,
  retryStrategy,
  parallelism: int,
  failFast: bool,
  tolerations: list(toleration),
  schedulerName: str,
  priorityClassName: str,
  priority: int,
  serviceAccountName: str,
  automountServiceAccountToken: bool,
  executor,
  hostAliases: list(hostAlias),
  securityContext: podSecurityContext,
  podSpecPatch: str,
  metrics,
  synchronization,
  memoize: obj('Memoize', {
    key: str,
    cache: obj('Cache', { configMap: configMapKeySelector }),
    maxAge: str,
  }),
  timeout: str,
  pendingTimeout: str,
  podResources: resourceRequirements,
  resourceClaims: list(podResourceClaim),
  /** Annotations for the template's node at run time (e.g. `workflows.argoproj.io/display-name`). */
  annotations: strMap,
  volumeClaimTemplates: list(persistentVolumeClaim),
});

const executorPlugin = obj('ExecutorPlugin', {
  metadata: objectMeta,
  spec: obj('ExecutorPluginSpec', {
    sidecar: obj('Sidecar', { container, automountServiceAccountToken: bool }),
  }),
});

export const workflowSpec: Shape = obj('WorkflowSpec', {
  templates: list(template),
  entrypoint: str,
  arguments: args,
  serviceAccountName: str,
  automountServiceAccountToken: bool,
  executor,
  executorPlugins: list(executorPlugin),
  volumes: list(volume),
  volumeClaimTemplates: list(persistentVolumeClaim),
  parallelism: int,
  artifactRepositoryRef: obj('ArtifactRepositoryRef', { configMap: str, key: str }),
  suspend: bool,
  nodeSelector: strMap,
  affinity,
  tolerations: list(toleration),
  imagePullSecrets: list(localObjectReference),
  hostNetwork: bool,
  dnsPolicy: str,
  dnsConfig: podDNSConfig,
  onExit: str,
  ttlStrategy: obj('TTLStrategy', {
    secondsAfterCompletion: int,
    secondsAfterSuccess: int,
    secondsAfterFailure: int,
  }),
  activeDeadlineSeconds: int,
  priority: int,
  schedulerName: str,
  podGC: obj('PodGC', { strategy: str, labelSelector, deleteDelayDuration: str }),
  podPriorityClassName: str,
  hostAliases: list(hostAlias),
  securityContext: podSecurityContext,
  podSpecPatch: str,
  podDisruptionBudget: podDisruptionBudgetSpec,
  metrics,
  shutdown: str,
  workflowTemplateRef: obj('WorkflowTemplateRef', { name: str, clusterScope: bool }),
  synchronization,
  volumeClaimGC: obj('VolumeClaimGC', { strategy: str }),
  retryStrategy,
  podMetadata: metadata,
  templateDefaults: template,
  archiveLogs: bool,
  hooks: map(lifecycleHook),
  workflowMetadata: obj('WorkflowMetadata', {
    labels: strMap,
    annotations: strMap,
    labelsFrom: map(obj('LabelValueFrom', { expression: str })),
  }),
  artifactGC: obj('WorkflowLevelArtifactGC', {
    strategy: str,
    podMetadata: metadata,
    serviceAccountName: str,
    env: list(envVar),
    volumes: list(volume),
    volumeMounts: list(volumeMount),
    forceFinalizerRemoval: bool,
    podSpecPatch: str,
  }),
  podResources: resourceRequirements,
  resourceClaims: list(podResourceClaim),
});

const typeMeta = { apiVersion: str, kind: str, metadata: objectMeta } as const;

/** Status is written by the engine; a manifest that carries one (an exported run) is not checked deeper. */
const status = open;

export const manifestShapes: Readonly<Record<string, Shape>> = {
  Workflow: obj('Workflow', { ...typeMeta, spec: workflowSpec, status }),
  WorkflowTemplate: obj('WorkflowTemplate', { ...typeMeta, spec: workflowSpec }),
  ClusterWorkflowTemplate: obj('ClusterWorkflowTemplate', { ...typeMeta, spec: workflowSpec }),
  CronWorkflow: obj('CronWorkflow', {
    ...typeMeta,
    spec: obj('CronWorkflowSpec', {
      workflowSpec,
      schedules: strList,
      concurrencyPolicy: str,
      suspend: bool,
      startingDeadlineSeconds: int,
      successfulJobsHistoryLimit: int,
      failedJobsHistoryLimit: int,
      timezone: str,
      workflowMetadata: objectMeta,
      stopStrategy: obj('StopStrategy', { expression: str }),
      when: str,
    }),
    status,
  }),
};
