/**
 * @module emissary/outputs
 * Collects a finished step's outputs from where it wrote them, as Argo's wait container does:
 * - a parameter's file, with one trailing newline stripped; a missing file takes `default`, else it is an
 *   error;
 * - an artifact's path, archived (tar+gzip by default, a single file as is for `none`, zip) and saved to
 *   its location; a missing optional artifact is skipped, a missing required one is an error;
 * - the combined log of each main container as artifact `<container>-logs` when the task archives logs
 *   (`main-logs` at the task's `archiveLogs` location; another containerSet member's log goes next to it,
 *   `<container>.log` in place of `main.log`, as Argo names them).
 * Every output that can be collected is, even after an error; the first error is the one reported. Error
 * texts are Argo's, including the paths its executor uses internally, so messages match Argo's.
 */

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packArchive } from '../artifacts/archive.ts';
import { locationKind, pickLocation } from '../artifacts/location.ts';
import type { ArtifactDrivers } from '../artifacts/registry.ts';
import type { Task, TaskOutputArtifact } from '../controller/ports.ts';
import type { Artifact, ArtifactLocation } from '../spec/types.ts';
import { saveOutputsFailed } from './messages.ts';
import type { PreparedContainer } from './runtime.ts';

export interface CollectedOutputs {
  parameters: { name: string; value: string }[];
  artifacts: Artifact[];
  /** Argo's message for the first output that could not be collected. */
  error?: string;
}

function archiveField(a: TaskOutputArtifact): Pick<Artifact, 'archive'> {
  if (a.archive === 'none') return { archive: { none: {} } };
  if (a.archive === 'zip') return { archive: { zip: {} } };
  if (a.compressionLevel !== undefined) return { archive: { tar: { compressionLevel: a.compressionLevel } } };
  return {};
}

/** The artifact as Argo's status shows it: name, path, location, and the fields the template set. */
function reported(a: TaskOutputArtifact, location: ArtifactLocation): Artifact {
  return {
    name: a.name,
    path: a.path,
    ...location,
    ...archiveField(a),
    ...(a.globalName !== undefined ? { globalName: a.globalName } : {}),
    ...(a.optional !== undefined ? { optional: a.optional } : {}),
  };
}

async function saveArtifact(
  a: TaskOutputArtifact,
  hostPath: string,
  drivers: ArtifactDrivers,
  packed: string,
): Promise<ArtifactLocation> {
  const location = pickLocation(a.location);
  if (locationKind(location) === undefined) {
    throw new Error(`artifact '${a.name}' has no location and no artifact repository is configured`);
  }
  const driver = drivers.for(location);
  if (a.archive === 'none') {
    await driver.save(hostPath, location);
  } else {
    const file = `${packed}.${a.archive === 'zip' ? 'zip' : 'tgz'}`;
    await packArchive(hostPath, file, a.archive, a.compressionLevel);
    await driver.save(file, location);
  }
  return location;
}

/** A container's combined log file on the host. */
export interface ContainerLog {
  container: string;
  file: string;
}

/**
 * Where container `name`'s log goes, given where `main`'s goes: the same key with `<name>.log` in place
 * of a final `main.log`. Undefined when the location does not follow that naming.
 */
export function logLocation(mainLog: ArtifactLocation, name: string): ArtifactLocation | undefined {
  const location = pickLocation(mainLog);
  if (name === 'main') return location;
  const kind = locationKind(location);
  const value = kind === undefined ? undefined : location[kind];
  if (kind === undefined || typeof value !== 'object' || value === null || !('key' in value))
    return undefined;
  const key = String(value.key ?? '');
  const m = /(^|\/)main\.log$/.exec(key);
  if (!m) return undefined;
  return { [kind]: { ...value, key: `${key.slice(0, m.index)}${m[1]}${name}.log` } };
}

export async function collectOutputs(
  task: Task,
  prepared: PreparedContainer,
  drivers: ArtifactDrivers,
  outDir: string,
  logs: ContainerLog[],
): Promise<CollectedOutputs> {
  const out: CollectedOutputs = { parameters: [], artifacts: [] };
  const fail = (detail: string): void => {
    out.error ??= saveOutputsFailed(detail);
  };

  for (const p of task.outputs.parameters) {
    const hostPath = await prepared.read(p.path);
    let value: string | undefined;
    if (hostPath !== undefined && (await stat(hostPath).catch(() => undefined))?.isDirectory()) {
      if (p.default === undefined) fail(`read /var/run/argo/outputs/parameters${p.path}: is a directory`);
      else value = p.default;
    } else if (hostPath !== undefined) {
      value = (await readFile(hostPath, 'utf8')).replace(/\n$/, '');
    } else if (p.default !== undefined) {
      value = p.default;
    } else {
      fail(`open /var/run/argo/outputs/parameters${p.path}: no such file or directory`);
    }
    if (value !== undefined) out.parameters.push({ name: p.name, value });
  }

  for (const [i, a] of task.outputs.artifacts.entries()) {
    const hostPath = await prepared.read(a.path);
    if (hostPath === undefined) {
      if (!a.optional)
        fail(
          `open /var/run/argo/outputs/artifacts${a.path.replace(/\/+$/, '')}.tgz: no such file or directory`,
        );
      continue;
    }
    try {
      const location = await saveArtifact(a, hostPath, drivers, join(outDir, String(i)));
      out.artifacts.push(reported(a, location));
    } catch (e) {
      fail((e as Error).message);
    }
  }

  for (const log of task.archiveLogs ? logs : []) {
    const location = logLocation(task.archiveLogs!, log.container);
    if (!location) continue;
    try {
      await drivers.for(location).save(log.file, location);
      out.artifacts.push({ name: `${log.container}-logs`, ...location });
    } catch (e) {
      fail((e as Error).message);
    }
  }
  return out;
}
