/**
 * @module emissary/volumes
 * Where each volume of a task lives on this machine:
 * - `emptyDir`, `configMap`, `secret`: inside the task's directory, gone with the task;
 * - `workflowClaim` (a `volumeClaimTemplates` claim): `<dataDir>/workflows/<uid>/volumes/<claimName>`,
 *   shared by every task of one workflow;
 * - `claim` (an existing `persistentVolumeClaim`): `<dataDir>/volumes/<namespace>/<claimName>`, shared
 *   across workflows of the namespace and kept after them;
 * - `hostPath`: the host path itself (it must exist).
 * Names used in paths are checked, so a claim name cannot walk out of the data directory.
 */

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { Task, TaskVolume } from '../controller/ports.ts';
import { ErrorCode, NuncioError } from '../errors/index.ts';

export interface VolumeDir {
  dir: string;
  readOnly: boolean;
}

const safeName = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

function checked(kind: string, value: string | undefined, volume: string): string {
  if (value === undefined || !safeName.test(value) || value.includes('..')) {
    throw new NuncioError(ErrorCode.BadRequest, `volume '${volume}': invalid ${kind} '${value ?? ''}'`, {
      hint: 'names are letters, digits, dots, dashes and underscores',
    });
  }
  return value;
}

function writeItems(dir: string, files: Record<string, string>, volume: string, mode: number): void {
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const clean = normalize(rel);
    if (clean.startsWith('..') || clean.startsWith('/')) {
      throw new NuncioError(ErrorCode.BadRequest, `volume '${volume}': item path '${rel}' leaves the volume`);
    }
    mkdirSync(dirname(join(dir, clean)), { recursive: true });
    writeFileSync(join(dir, clean), content, { mode });
  }
}

function dirOf(v: TaskVolume, task: Task, taskDir: string, dataDir: string): VolumeDir {
  switch (v.kind) {
    case 'emptyDir': {
      const dir = join(taskDir, 'volumes', checked('name', v.name, v.name));
      mkdirSync(dir, { recursive: true });
      return { dir, readOnly: false };
    }
    case 'workflowClaim': {
      const uid = checked('workflow uid', task.workflow.uid, v.name);
      const dir = join(
        dataDir,
        'workflows',
        uid,
        'volumes',
        checked('claimName', v.claimName ?? v.name, v.name),
      );
      mkdirSync(dir, { recursive: true });
      return { dir, readOnly: false };
    }
    case 'claim': {
      const ns = checked('namespace', task.workflow.namespace, v.name);
      const dir = join(dataDir, 'volumes', ns, checked('claimName', v.claimName, v.name));
      mkdirSync(dir, { recursive: true });
      return { dir, readOnly: false };
    }
    case 'hostPath': {
      const path = v.hostPath ?? '';
      const info = statSync(path, { throwIfNoEntry: false });
      if (!path.startsWith('/') || !info) {
        throw new NuncioError(ErrorCode.BadRequest, `volume '${v.name}': hostPath '${path}' does not exist`, {
          hint: 'create the directory first, or use an emptyDir or a volume claim',
        });
      }
      return { dir: path, readOnly: false };
    }
    case 'configMap':
    case 'secret': {
      const dir = join(taskDir, 'volumes', checked('name', v.name, v.name));
      writeItems(dir, v.files ?? {}, v.name, v.kind === 'secret' ? 0o400 : 0o644);
      return { dir, readOnly: true };
    }
  }
}

/**
 * Host directories of every volume of `task`, by volume name. Synchronous: a few directory creations are
 * far cheaper than trips through the thread pool, and every step waits for them.
 */
export function volumeDirs(task: Task, taskDir: string, dataDir: string): Map<string, VolumeDir> {
  const out = new Map<string, VolumeDir>();
  for (const v of task.volumes) out.set(v.name, dirOf(v, task, taskDir, dataDir));
  return out;
}
