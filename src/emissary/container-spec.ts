/**
 * @module emissary/container-spec
 * Builds what a runtime runs from one container of a task: its command, its environment, its volume
 * mounts resolved to host directories. The task's *primary* container (the main container, or the
 * containerSet member named `main`) also gets what Argo gives only to `main`: a script template's source,
 * placed at `/argo/staging/script` and appended as the last argument, and the input and output paths the
 * runtime must make room for. Other containers (members, init containers, sidecars) share only volumes.
 */

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Task, TaskContainer } from '../controller/ports.ts';
import { ErrorCode, NuncioError } from '../errors/index.ts';
import type { ContainerSpec, RuntimeMount } from './runtime.ts';
import type { VolumeDir } from './volumes.ts';

/** Where Argo places a script template's source inside the step. */
export const scriptPath = '/argo/staging/script';

export interface ContainerPlace {
  /** The task's directory (the script file goes there). */
  taskDir: string;
  /** A fresh directory for this container's runtime. */
  scratchDir: string;
  volumes: Map<string, VolumeDir>;
  /** Whether this is the container that gets the script, the inputs and the outputs. */
  primary: boolean;
  /** Where the container sits in the pod spec, for messages (`spec.containers[0]`). */
  specPath: string;
  /** Whether the container gets a self-reported progress file (`ARGO_PROGRESS_FILE`). */
  progressFile?: boolean;
}

/** Synchronous, as the few files and directories it makes are small and every step waits for them. */
export function containerSpec(task: Task, container: TaskContainer, place: ContainerPlace): ContainerSpec {
  const { taskDir, scratchDir, volumes, primary } = place;
  const mounts: RuntimeMount[] = [];
  for (const [i, vm] of container.volumeMounts.entries()) {
    const volume = volumes.get(vm.name);
    if (!volume) {
      throw new NuncioError(
        ErrorCode.BadRequest,
        `${place.specPath}.volumeMounts[${i}].name: Not found: "${vm.name}"`,
        { hint: 'declare the volume in spec.volumes, the template volumes or volumeClaimTemplates' },
      );
    }
    let source = volume.dir;
    if (vm.subPath) {
      const sub = normalize(vm.subPath);
      if (sub.startsWith('..') || sub.startsWith('/')) {
        throw new NuncioError(
          ErrorCode.BadRequest,
          `volumeMount '${vm.name}': subPath '${vm.subPath}' leaves the volume`,
        );
      }
      source = join(volume.dir, sub);
      mkdirSync(source, { recursive: true });
    }
    mounts.push({ source, target: vm.mountPath, readOnly: vm.readOnly === true || volume.readOnly });
  }
  const args = [...container.args];
  if (primary && task.kind === 'script' && task.script !== undefined && task.script !== '') {
    const file = join(taskDir, 'script');
    writeFileSync(file, task.script, { mode: 0o755 });
    mounts.push({ source: file, target: scriptPath, readOnly: true });
    args.push(scriptPath);
  }
  // Made ahead with the task's directory (see task-dirs.ts) but for extra containers: a stat is one call.
  if (!statSync(scratchDir, { throwIfNoEntry: false })?.isDirectory())
    mkdirSync(scratchDir, { recursive: true });
  return {
    name: container.name || 'main',
    image: container.image,
    command: [...container.command],
    args,
    env: container.env.map((e) => ({ name: e.name, value: e.value })),
    workingDir: container.workingDir,
    hostname: task.podName,
    mounts,
    inputs: primary ? task.inputs.artifacts.map((a) => a.path) : [],
    outputs: primary
      ? [...task.outputs.parameters.map((p) => p.path), ...task.outputs.artifacts.map((a) => a.path)]
      : [],
    resources: container.resources,
    scratchDir,
    options: task.executor,
    // Argo's executor watches one progress file per pod; the primary container reports it here.
    progressFile: place.progressFile === true,
  };
}
