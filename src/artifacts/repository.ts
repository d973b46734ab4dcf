/**
 * @module artifacts/repository
 * The artifact repository configuration (our `artifactRepository`) and where Argo puts an output artifact
 * in it when the template names no key: `<keyFormat or {{workflow.name}}/{{pod.name}}>/<file name>`, where
 * the file name is `<artifact>.tgz` (tar, the default), `<artifact>.zip` (zip) or the base name of the
 * artifact's path (`none`). The controller calls `defaultOutputKey` and `repositoryLocation`; templating of
 * a custom `keyFormat` is the controller's job (it owns the variables), so it passes the result in.
 */

import { posix } from 'node:path';
import { ErrorCode, NuncioError } from '../errors/index.ts';
import type { ArtifactLocation, S3Artifact } from '../spec/types.ts';

/** nuncio's `artifactRepository`: exactly one repository kind, plus the repository-wide log switch. */
export interface ArtifactRepositoryConfig {
  /** A directory on this machine; objects live at `<path>/<key>`. */
  local?: { path: string; keyFormat?: string };
  /** An S3-compatible bucket (driver not part of the embedded build yet). */
  s3?: S3Artifact & { keyFormat?: string };
  /** Save every main container's log as the `main-logs` output artifact. */
  archiveLogs?: boolean;
}

export type ArchiveKind = 'tar' | 'none' | 'zip';

/** Argo's default key prefix: `{{workflow.name}}/{{pod.name}}`. */
export const defaultKeyFormat = '{{workflow.name}}/{{pod.name}}';

/** The file name Argo gives an output artifact inside the key prefix. */
export function outputFileName(artifact: { name: string; path?: string; archive: ArchiveKind }): string {
  if (artifact.archive === 'none') {
    if (!artifact.path) {
      throw new NuncioError(ErrorCode.BadRequest, `artifact '${artifact.name}' has archive none but no path`);
    }
    return posix.basename(artifact.path.replace(/\/+$/, ''));
  }
  return `${artifact.name}.${artifact.archive === 'zip' ? 'zip' : 'tgz'}`;
}

/**
 * The key of an output artifact that names none: `<prefix>/<file name>`. `keyPrefix` is the repository's
 * `keyFormat` after the controller substituted it; by default `<workflow name>/<pod name>`.
 */
export function defaultOutputKey(options: {
  workflowName: string;
  podName: string;
  artifact: { name: string; path?: string; archive: ArchiveKind };
  keyPrefix?: string;
}): string {
  const prefix = options.keyPrefix ?? `${options.workflowName}/${options.podName}`;
  return posix.join(prefix, outputFileName(options.artifact));
}

/** The location of `key` in the configured repository, as Argo's status shows it. */
export function repositoryLocation(repository: ArtifactRepositoryConfig, key: string): ArtifactLocation {
  if (repository.local) return { local: { key } };
  if (repository.s3) {
    const { keyFormat: _keyFormat, ...s3 } = repository.s3;
    return { s3: { ...s3, key } };
  }
  throw new NuncioError(ErrorCode.BadRequest, 'no artifact repository is configured', {
    hint: 'set artifactRepository.local.path (or s3) in the server configuration',
  });
}

/** The repository's key format, or Argo's default. */
export function keyFormatOf(repository: ArtifactRepositoryConfig): string {
  return repository.local?.keyFormat ?? repository.s3?.keyFormat ?? defaultKeyFormat;
}
