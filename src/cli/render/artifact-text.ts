/**
 * @module cli/render/artifact-text
 * How `argo get` prints a workflow output artifact's location under "Output Artifacts:". Argo prints the
 * location object's generated protobuf `String()` (a Go struct dump such as
 * `&S3Artifact{S3Bucket:S3Bucket{Endpoint:...},Key:...,}`); the dumps of the locations nuncio supports
 * (s3, http, raw, git) are reproduced field for field so that scripts that scrape them keep working.
 * nuncio's own `local` repository is dumped the same way (`&LocalArtifact{Key:...,}`). The kinds nuncio has
 * no driver for (gcs, azure, oss, hdfs, artifactory) print `<kind>:<compact JSON>` instead of a dump.
 * An artifact with no location prints no line, as in Argo.
 */

import type { Artifact } from '../../spec/types.ts';

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function bool(v: unknown): string {
  return v === true ? 'true' : 'false';
}

/** A Go pointer to a scalar, as `valueToStringGenerated` prints it. */
function pointer(v: unknown): string {
  return v === undefined || v === null ? 'nil' : `*${str(v)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `*corev1.SecretKeySelector` field as Argo's generated code prints it. */
function secret(v: unknown): string {
  if (!isRecord(v)) return 'nil';
  return (
    `&v1.SecretKeySelector{LocalObjectReference:LocalObjectReference{Name:${str(v.name)},},` +
    `Key:${str(v.key)},Optional:${pointer(v.optional)},}`
  );
}

function s3(a: Record<string, unknown>): string {
  const create = isRecord(a.createBucketIfNotPresent)
    ? `&CreateS3BucketOptions{ObjectLocking:${bool(a.createBucketIfNotPresent.objectLocking)},}`
    : 'nil';
  const enc = a.encryptionOptions;
  const encryption = isRecord(enc)
    ? `&S3EncryptionOptions{KmsKeyId:${str(enc.kmsKeyId)},KmsEncryptionContext:${str(enc.kmsEncryptionContext)},` +
      `EnableEncryption:${bool(enc.enableEncryption)},ServerSideCustomerKeySecret:${secret(enc.serverSideCustomerKeySecret)},}`
    : 'nil';
  const bucket =
    `S3Bucket{Endpoint:${str(a.endpoint)},Bucket:${str(a.bucket)},Region:${str(a.region)},` +
    `Insecure:${pointer(a.insecure)},AccessKeySecret:${secret(a.accessKeySecret)},` +
    `SecretKeySecret:${secret(a.secretKeySecret)},RoleARN:${str(a.roleARN)},UseSDKCreds:${bool(a.useSDKCreds)},` +
    `CreateBucketIfNotPresent:${create},EncryptionOptions:${encryption},CASecret:${secret(a.caSecret)},` +
    `SessionTokenSecret:${secret(a.sessionTokenSecret)},}`;
  return `&S3Artifact{S3Bucket:${bucket},Key:${str(a.key)},}`;
}

function http(a: NonNullable<Artifact['http']>): string {
  const headers = (a.headers ?? []).map((h) => `Header{Name:${h.name},Value:${h.value ?? ''},},`).join('');
  const auth = a.auth === undefined || a.auth === null ? 'nil' : JSON.stringify(a.auth);
  return `&HTTPArtifact{URL:${a.url},Headers:[]Header{${headers}},Auth:${auth},}`;
}

function git(a: Record<string, unknown>): string {
  const fetch = Array.isArray(a.fetch) ? `[${a.fetch.map(str).join(' ')}]` : '[]';
  return (
    `&GitArtifact{Repo:${str(a.repo)},Revision:${str(a.revision)},Depth:${pointer(a.depth)},Fetch:${fetch},` +
    `UsernameSecret:${secret(a.usernameSecret)},PasswordSecret:${secret(a.passwordSecret)},` +
    `SSHPrivateKeySecret:${secret(a.sshPrivateKeySecret)},InsecureIgnoreHostKey:${bool(a.insecureIgnoreHostKey)},` +
    `DisableSubmodules:${bool(a.disableSubmodules)},SingleBranch:${bool(a.singleBranch)},Branch:${str(a.branch)},` +
    `InsecureSkipTLS:${bool(a.insecureSkipTLS)},}`
  );
}

/** The location text of an output artifact, or undefined when Argo prints no line for it. */
export function artifactLocationText(a: Artifact): string | undefined {
  // Argo's order of precedence when several locations are set.
  if (a.s3) return s3(a.s3);
  if (a.git) return git(a.git);
  if (a.http) return http(a.http);
  for (const kind of ['artifactory', 'hdfs'] as const) {
    if (a[kind]) return `${kind}:${JSON.stringify(a[kind])}`;
  }
  if (a.raw) return `&RawArtifact{Data:${a.raw.data},}`;
  for (const kind of ['oss', 'gcs', 'azure'] as const) {
    if (a[kind]) return `${kind}:${JSON.stringify(a[kind])}`;
  }
  if (a.local) return `&LocalArtifact{Key:${a.local.key},}`;
  return undefined;
}
