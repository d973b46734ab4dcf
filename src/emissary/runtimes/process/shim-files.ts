/**
 * @module emissary/runtimes/process/shim-files
 * Built-in stand-ins for what well-known images carry: `/argosay` for `argoproj/argosay` and a `cowsay`
 * (in `/usr/games`, where Ubuntu puts it, on the PATH's end so a host cowsay wins) for the images that ship
 * one. Each is a tiny `#!/bin/sh` wrapper written into the task's scratch directory that runs the shim
 * script with this very node binary, so it works inside the sandbox (the host root is visible there) and
 * from `sh -c` scripts alike.
 */

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeMount } from '../../runtime.ts';
import { isArgosay, repositoryOf } from './images.ts';

/** Where the cowsay shim directory appears in a sandboxed step (and is appended to its PATH). */
export const gamesDir = '/usr/games';

/** `.ts` when running from the TypeScript sources (tsx), else `.js`: the shims are ES modules either way. */
const ownExtension = extname(fileURLToPath(import.meta.url)) === '.ts' ? '.ts' : '.js';

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function wrapper(script: string): string {
  const file = fileURLToPath(new URL(`./shims/${script}${ownExtension}`, import.meta.url));
  // Running from TypeScript sources (tsx) needs the same loader flags as this process.
  const flags = ownExtension === '.ts' ? process.execArgv : [];
  return `#!/bin/sh\nexec ${[process.execPath, ...flags, file].map(quote).join(' ')} "$@"\n`;
}

export interface ShimFiles {
  /** Files placed in the step (`/argosay`). */
  mounts: RuntimeMount[];
  /** A directory of commands for the end of the default PATH: `source` on the host, `target` in the step. */
  binDir?: { source: string; target: string };
}

/**
 * Writes the wrappers `image` needs under `scratchDir/shims` and says where they go in the step
 * (synchronously: two tiny files, on every such step's path).
 */
export function shimFiles(image: string, scratchDir: string): ShimFiles {
  const argosay = isArgosay(image);
  const cowsay = argosay || repositoryOf(image) === 'docker/whalesay';
  if (!argosay && !cowsay) return { mounts: [] };
  const dir = join(scratchDir, 'shims');
  const games = join(dir, 'games');
  mkdirSync(games, { recursive: true });
  const mounts: RuntimeMount[] = [];
  if (argosay) {
    const file = join(dir, 'argosay');
    writeFileSync(file, wrapper('argosay'));
    chmodSync(file, 0o755);
    mounts.push({ source: file, target: '/argosay', readOnly: true });
  }
  const file = join(games, 'cowsay');
  writeFileSync(file, wrapper('cowsay'));
  chmodSync(file, 0o755);
  return { mounts, binDir: { source: games, target: gamesDir } };
}
