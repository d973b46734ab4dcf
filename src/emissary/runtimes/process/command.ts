/**
 * @module emissary/runtimes/process/command
 * Turns a container's command, args and image into the argv the process runtime executes, the way a
 * container engine would, on a host that has no images:
 * - no `command`: the image's entrypoint and CMD from the table in `images.ts` (an unknown image runs its
 *   `args` as the command);
 * - a bare name is looked up in the step's PATH, inside the step's filesystem;
 * - a name the host lacks but has under its usual other name (`python` → `python3`) runs under that name,
 *   and the step's log says so once;
 * - a missing executable is a `CommandNotFoundError` (Argo's emissary fails the same way, exit code 64).
 */

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { ErrorCode, NuncioError } from '../../../errors/index.ts';
import { CommandNotFoundError } from '../../runtime.ts';
import { imageDefaults, isArgosay } from './images.ts';

/** Usual other names of common commands, tried when the name itself is missing. */
export const commandAliases: Record<string, string> = {
  python: 'python3',
  pip: 'pip3',
  'python2.7': 'python3',
};

export interface CommandLookup {
  /** Host path of a path inside the step. */
  hostPathOf(path: string): string;
  /** The step's PATH. */
  path: string;
  workingDir: string;
}

export interface ResolvedCommand {
  argv: string[];
  /** Lines for the step's log. */
  notes: string[];
}

function isExecutableFile(hostPath: string): boolean {
  try {
    // Most PATH entries lack the name: a missing file is an answer, not an exception (which costs more
    // than the stat itself).
    if (!statSync(hostPath, { throwIfNoEntry: false })?.isFile()) return false;
    accessSync(hostPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the step's PATH (an absolute path inside the step), or undefined. */
export function findInPath(
  name: string,
  lookup: Pick<CommandLookup, 'path' | 'hostPathOf'>,
): string | undefined {
  for (const dir of lookup.path.split(':')) {
    if (!dir.startsWith('/')) continue;
    const candidate = posix.join(dir, name);
    if (isExecutableFile(lookup.hostPathOf(candidate))) return candidate;
  }
  return undefined;
}

/** The argv before lookup: command + args, or the image's defaults when there is no command. */
export function argvOf(
  image: string,
  command: string[],
  args: string[],
): { argv: string[]; notes: string[] } {
  if (command.length > 0) return { argv: [...command, ...args], notes: [] };
  const defaults = imageDefaults(image);
  if (defaults)
    return { argv: [...defaults.entrypoint, ...(args.length > 0 ? args : defaults.cmd)], notes: [] };
  if (args.length > 0) {
    return {
      argv: [...args],
      notes: [
        `image '${image}' is not known here, so its entrypoint is unknown: running its args as the command`,
      ],
    };
  }
  throw new NuncioError(
    ErrorCode.BadRequest,
    `failed to look-up entrypoint/cmd for image "${image}", you must either explicitly specify the command, or list the image's command in the index`,
    {
      hint: 'set `command` in the template (the process runtime cannot read image metadata)',
      path: 'command',
    },
  );
}

export function resolveCommand(
  image: string,
  command: string[],
  args: string[],
  lookup: CommandLookup,
): ResolvedCommand {
  const { argv, notes } = argvOf(image, command, args);
  const name = argv[0]!;
  if (isArgosay(image) && name === 'argosay') argv[0] = '/argosay';
  const exe = argv[0]!;
  if (exe.includes('/')) {
    const stepPath = exe.startsWith('/') ? exe : posix.join(lookup.workingDir, exe);
    const hostPath = lookup.hostPathOf(stepPath);
    if (!isExecutableFile(hostPath)) throw new CommandNotFoundError(exe, undefined, existsSync(hostPath));
    return { argv, notes };
  }
  if (findInPath(exe, lookup)) return { argv, notes };
  const alias = commandAliases[exe];
  if (alias && findInPath(alias, lookup)) {
    argv[0] = alias;
    notes.push(`'${exe}' is not installed on this machine; running '${alias}' instead`);
    return { argv, notes };
  }
  throw new CommandNotFoundError(exe);
}
