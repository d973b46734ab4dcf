/**
 * @module controller/options
 * What a workflow run is told by the composition root: where referenced templates come from, the
 * ConfigMaps it may read, the artifact repository, executor defaults. All of it is data: the controller
 * does no I/O.
 */

import type {
  ArtifactRepository,
  EmissaryConfig,
  Template,
  TemplateRef,
  WorkflowTemplate,
} from '../spec/types.ts';
import type { LockManager } from './locks.ts';

/** Resolves `templateRef`s against WorkflowTemplates and ClusterWorkflowTemplates known to the run. */
export interface TemplateLookup {
  get(name: string, clusterScope: boolean, namespace?: string): WorkflowTemplate | undefined;
  resolveRef(ref: TemplateRef, namespace?: string): { template: Template; owner: WorkflowTemplate };
}

/** ConfigMap data by namespace and name (for `configMapKeyRef` parameters and semaphores). */
export type ConfigMapLookup = (namespace: string, name: string) => Record<string, string> | undefined;

/** A memoization cache (`memoize.cache.configMap`): entries by cache name and key. */
export interface MemoCache {
  get(namespace: string, cacheName: string, key: string): MemoEntry | undefined;
}

export interface MemoEntry {
  nodeId: string;
  outputs: import('../spec/types.ts').Outputs;
  /** RFC 3339 creation time, for `maxAge`. */
  createdAt: string;
}

export interface RunOptions {
  templates?: TemplateLookup;
  configMaps?: ConfigMapLookup;
  /** The machine steps run on, as the downward API shows it to them (`spec.nodeName`, `status.podIP`). */
  host?: import('./pod-env.ts').PodHost;
  memoCache?: MemoCache;
  /** Where output artifacts go by default; nuncio's default is the local-directory repository. */
  artifactRepository?: ArtifactRepository;
  /** Named repositories for `spec.artifactRepositoryRef` (ConfigMap name → key → repository). */
  artifactRepositories?: (
    namespace: string,
    configMap: string,
    key?: string,
  ) => ArtifactRepository | undefined;
  /** Emissary defaults for every task; a workflow's or template's `executor.emissary` wins. */
  executor?: EmissaryConfig;
  /** SIGTERM → SIGKILL grace period for stopped steps (Argo's pod default is 30 s). */
  terminationGracePeriodMs?: number;
  /** Controller-level limit of concurrently running pods of one workflow (`parallelism`). */
  parallelism?: number;
  /** Locks shared by the workflows of one controller; a run alone gets its own. */
  locks?: LockManager;
  /** Limits of database-backed semaphores (`semaphores[].database.key`). */
  syncLimits?: (namespace: string, key: string) => number | undefined;
}
