/**
 * @module spec/schema/k8s
 * Shapes of the Kubernetes core/v1 objects that Argo manifests embed (Container, Volume, VolumeMount,
 * EnvVar, ResourceRequirements, SecurityContext, Probe, Toleration, PersistentVolumeClaim, ObjectMeta,
 * ...), written from the Kubernetes API reference. Affinity and the rarer volume sources are checked at
 * their top level only and left open below it.
 */
import {
  bool,
  int,
  intOrStr,
  list,
  map,
  obj,
  open,
  quantity,
  type Shape,
  str,
  strList,
  strMap,
} from './shape.ts';

const keySelector = (name: string): Shape => obj(name, { name: str, key: str, optional: bool });

export const objectMeta = obj('ObjectMeta', {
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: str,
  deletionTimestamp: str,
  deletionGracePeriodSeconds: int,
  labels: strMap,
  annotations: strMap,
  ownerReferences: list(
    obj('OwnerReference', {
      apiVersion: str,
      kind: str,
      name: str,
      uid: str,
      controller: bool,
      blockOwnerDeletion: bool,
    }),
  ),
  finalizers: strList,
  managedFields: list(open),
});

export const localObjectReference = obj('LocalObjectReference', { name: str });
export const configMapKeySelector = keySelector('ConfigMapKeySelector');
export const secretKeySelector = keySelector('SecretKeySelector');

export const labelSelector = obj('LabelSelector', {
  matchLabels: strMap,
  matchExpressions: list(obj('LabelSelectorRequirement', { key: str, operator: str, values: strList })),
});

const envVarSource = obj('EnvVarSource', {
  fieldRef: obj('ObjectFieldSelector', { apiVersion: str, fieldPath: str }),
  resourceFieldRef: obj('ResourceFieldSelector', { containerName: str, resource: str, divisor: quantity }),
  configMapKeyRef: configMapKeySelector,
  secretKeyRef: secretKeySelector,
  fileKeyRef: obj('FileKeySelector', { volumeName: str, path: str, key: str, optional: bool }),
});

export const envVar = obj('EnvVar', { name: str, value: str, valueFrom: envVarSource });

const envFromSource = obj('EnvFromSource', {
  prefix: str,
  configMapRef: obj('ConfigMapEnvSource', { name: str, optional: bool }),
  secretRef: obj('SecretEnvSource', { name: str, optional: bool }),
});

const containerPort = obj('ContainerPort', {
  name: str,
  hostPort: int,
  containerPort: int,
  protocol: str,
  hostIP: str,
});

export const resourceRequirements = obj('ResourceRequirements', {
  limits: map(quantity),
  requests: map(quantity),
  claims: list(obj('ResourceClaim', { name: str, request: str })),
});

export const volumeMount = obj('VolumeMount', {
  name: str,
  readOnly: bool,
  recursiveReadOnly: str,
  mountPath: str,
  subPath: str,
  mountPropagation: str,
  subPathExpr: str,
});

const execAction = obj('ExecAction', { command: strList });
const httpGetAction = obj('HTTPGetAction', {
  path: str,
  port: intOrStr,
  host: str,
  scheme: str,
  httpHeaders: list(obj('HTTPHeader', { name: str, value: str })),
});
const tcpSocketAction = obj('TCPSocketAction', { port: intOrStr, host: str });

export const probe = obj('Probe', {
  exec: execAction,
  httpGet: httpGetAction,
  tcpSocket: tcpSocketAction,
  grpc: obj('GRPCAction', { port: int, service: str }),
  initialDelaySeconds: int,
  timeoutSeconds: int,
  periodSeconds: int,
  successThreshold: int,
  failureThreshold: int,
  terminationGracePeriodSeconds: int,
});

const lifecycleHandler = obj('LifecycleHandler', {
  exec: execAction,
  httpGet: httpGetAction,
  tcpSocket: tcpSocketAction,
  sleep: obj('SleepAction', { seconds: int }),
});

const seLinuxOptions = obj('SELinuxOptions', { user: str, role: str, type: str, level: str });
const windowsOptions = obj('WindowsSecurityContextOptions', {
  gmsaCredentialSpecName: str,
  gmsaCredentialSpec: str,
  runAsUserName: str,
  hostProcess: bool,
});
const seccompProfile = obj('SeccompProfile', { type: str, localhostProfile: str });
const appArmorProfile = obj('AppArmorProfile', { type: str, localhostProfile: str });

export const securityContext = obj('SecurityContext', {
  capabilities: obj('Capabilities', { add: strList, drop: strList }),
  privileged: bool,
  seLinuxOptions,
  windowsOptions,
  runAsUser: int,
  runAsGroup: int,
  runAsNonRoot: bool,
  readOnlyRootFilesystem: bool,
  allowPrivilegeEscalation: bool,
  procMount: str,
  seccompProfile,
  appArmorProfile,
});

export const podSecurityContext = obj('PodSecurityContext', {
  seLinuxOptions,
  windowsOptions,
  runAsUser: int,
  runAsGroup: int,
  runAsNonRoot: bool,
  supplementalGroups: list(int),
  supplementalGroupsPolicy: str,
  fsGroup: int,
  sysctls: list(obj('Sysctl', { name: str, value: str })),
  fsGroupChangePolicy: str,
  seccompProfile,
  appArmorProfile,
  seLinuxChangePolicy: str,
});

/** Fields of core/v1 Container; Argo's container-like types add their own fields to these. */
export const containerFields = {
  name: str,
  image: str,
  command: strList,
  args: strList,
  workingDir: str,
  ports: list(containerPort),
  envFrom: list(envFromSource),
  env: list(envVar),
  resources: resourceRequirements,
  resizePolicy: list(obj('ContainerResizePolicy', { resourceName: str, restartPolicy: str })),
  restartPolicy: str,
  restartPolicyRules: list(open),
  volumeMounts: list(volumeMount),
  volumeDevices: list(obj('VolumeDevice', { name: str, devicePath: str })),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: obj('Lifecycle', { postStart: lifecycleHandler, preStop: lifecycleHandler, stopSignal: str }),
  terminationMessagePath: str,
  terminationMessagePolicy: str,
  imagePullPolicy: str,
  securityContext,
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
} as const;

export const container = obj('Container', containerFields);

export const affinity = obj('Affinity', { nodeAffinity: open, podAffinity: open, podAntiAffinity: open });

export const toleration = obj('Toleration', {
  key: str,
  operator: str,
  value: str,
  effect: str,
  tolerationSeconds: int,
});

export const hostAlias = obj('HostAlias', { ip: str, hostnames: strList });

export const podDNSConfig = obj('PodDNSConfig', {
  nameservers: strList,
  searches: strList,
  options: list(obj('PodDNSConfigOption', { name: str, value: str })),
});

const keyToPath = obj('KeyToPath', { key: str, path: str, mode: int });

export const volume = obj('Volume', {
  name: str,
  hostPath: obj('HostPathVolumeSource', { path: str, type: str }),
  emptyDir: obj('EmptyDirVolumeSource', { medium: str, sizeLimit: quantity }),
  secret: obj('SecretVolumeSource', {
    secretName: str,
    items: list(keyToPath),
    defaultMode: int,
    optional: bool,
  }),
  configMap: obj('ConfigMapVolumeSource', {
    name: str,
    items: list(keyToPath),
    defaultMode: int,
    optional: bool,
  }),
  persistentVolumeClaim: obj('PersistentVolumeClaimVolumeSource', { claimName: str, readOnly: bool }),
  nfs: obj('NFSVolumeSource', { server: str, path: str, readOnly: bool }),
  image: obj('ImageVolumeSource', { reference: str, pullPolicy: str }),
  downwardAPI: open,
  projected: open,
  csi: open,
  ephemeral: open,
  gcePersistentDisk: open,
  awsElasticBlockStore: open,
  gitRepo: open,
  iscsi: open,
  glusterfs: open,
  rbd: open,
  flexVolume: open,
  cinder: open,
  cephfs: open,
  flocker: open,
  fc: open,
  azureFile: open,
  vsphereVolume: open,
  quobyte: open,
  azureDisk: open,
  photonPersistentDisk: open,
  portworxVolume: open,
  scaleIO: open,
  storageos: open,
});

export const persistentVolumeClaim = obj('PersistentVolumeClaim', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: obj('PersistentVolumeClaimSpec', {
    accessModes: strList,
    selector: labelSelector,
    resources: obj('VolumeResourceRequirements', { limits: map(quantity), requests: map(quantity) }),
    volumeName: str,
    storageClassName: str,
    volumeMode: str,
    dataSource: open,
    dataSourceRef: open,
    volumeAttributesClassName: str,
  }),
  status: open,
});

export const podResourceClaim = obj('PodResourceClaim', {
  name: str,
  resourceClaimName: str,
  resourceClaimTemplateName: str,
});

export const podDisruptionBudgetSpec = obj('PodDisruptionBudgetSpec', {
  minAvailable: intOrStr,
  selector: labelSelector,
  maxUnavailable: intOrStr,
  unhealthyPodEvictionPolicy: str,
});
