/**
 * @module cli/commands/version
 * `nuncio version`: the package version and the Node.js it runs on.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's package.json, found above this file (bundled or not). */
function packageJson(): { version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
}

export async function versionCommand(): Promise<number> {
  const pkg = packageJson();
  process.stdout.write(
    `nuncio: v${pkg.version}\n  Platform: ${process.platform}/${process.arch}\n  Node: ${process.version}\n`,
  );
  return 0;
}
