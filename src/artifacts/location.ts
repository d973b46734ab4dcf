/**
 * @module artifacts/location
 * Small facts about an `ArtifactLocation`: which kind it is (the one location field that is set), how it
 * reads in a message, and how an input artifact's `subPath` narrows it.
 */

import { ErrorCode, NuncioError } from '../errors/index.ts';
import type { ArtifactLocation } from '../spec/types.ts';

/** Every location field Argo knows, plus nuncio's `local`; `archiveLogs` is a flag, not a location. */
export const locationKinds = [
  'local',
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
] as const satisfies readonly (keyof ArtifactLocation)[];
export type LocationKind = (typeof locationKinds)[number];

/** The kind of the first location field that is set, or undefined when none is. */
export function locationKind(location: ArtifactLocation): LocationKind | undefined {
  return locationKinds.find((k) => location[k] !== undefined && location[k] !== null);
}

/** Only the location fields of an object that may carry more (an `Artifact`). */
export function pickLocation(source: ArtifactLocation): ArtifactLocation {
  const out: ArtifactLocation = {};
  for (const k of locationKinds) {
    if (source[k] !== undefined) Object.assign(out, { [k]: source[k] });
  }
  return out;
}

/** How a location reads in messages: `local:a/b.tgz`, `http:https://...`, `s3:bucket/key`, `raw`. */
export function describeLocation(location: ArtifactLocation): string {
  const kind = locationKind(location);
  if (kind === undefined) return '(no location)';
  if (kind === 'raw') return 'raw';
  if (kind === 'local') return `local:${location.local?.key ?? ''}`;
  if (kind === 'http') return `http:${location.http?.url ?? ''}`;
  if (kind === 's3')
    return `s3:${location.s3?.bucket ? `${location.s3.bucket}/` : ''}${location.s3?.key ?? ''}`;
  const value = location[kind];
  const key = typeof value === 'object' && value !== null && 'key' in value ? String(value.key) : '';
  return `${kind}:${key}`;
}

function joinKey(key: string, subPath: string): string {
  const base = key.replace(/\/+$/, '');
  const rest = subPath.replace(/^\/+/, '');
  return base === '' ? rest : `${base}/${rest}`;
}

/**
 * Narrows a location to `subPath` inside it, the way Argo appends an input artifact's `subPath` to the key
 * (or, for HTTP, to the URL path). A raw artifact has nothing to narrow, so `subPath` there is an error.
 */
export function withSubPath(location: ArtifactLocation, subPath: string | undefined): ArtifactLocation {
  if (subPath === undefined || subPath === '') return location;
  const kind = locationKind(location);
  if (kind === 'http' && location.http) {
    const url = new URL(location.http.url);
    url.pathname = joinKey(url.pathname, subPath);
    return { http: { ...location.http, url: url.toString() } };
  }
  const value = kind === undefined ? undefined : location[kind];
  if (kind !== undefined && typeof value === 'object' && value !== null && 'key' in value) {
    return { [kind]: { ...value, key: joinKey(String(value.key ?? ''), subPath) } };
  }
  throw new NuncioError(
    ErrorCode.BadRequest,
    `subPath '${subPath}' cannot be applied to a ${kind ?? 'missing'} artifact location`,
    { hint: 'subPath selects a path inside a key-based location (local, s3, ...) or an HTTP URL' },
  );
}
