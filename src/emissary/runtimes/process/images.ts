/**
 * @module emissary/runtimes/process/images
 * What a well-known image runs when a template gives no `command` (Docker's rule: the ENTRYPOINT, then the
 * template's `args` if any, else the image's CMD). The process runtime pulls nothing, so it must know these
 * itself; an image not in the table can still run when its `args` name a command.
 */

export interface ImageDefaults {
  entrypoint: string[];
  cmd: string[];
  /** Served by a built-in shim instead of host programs. */
  shim?: 'argosay';
}

/** Repository name without registry host and tag: `docker.io/library/busybox:1.36` → `busybox`. */
export function repositoryOf(image: string): string {
  let name = image.trim();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  const parts = name.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? '')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

export function tagOf(image: string): string {
  const name = image.split('@')[0] ?? '';
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(colon + 1) : 'latest';
}

const table: Record<string, ImageDefaults> = {
  busybox: { entrypoint: [], cmd: ['sh'] },
  alpine: { entrypoint: [], cmd: ['/bin/sh'] },
  debian: { entrypoint: [], cmd: ['bash'] },
  ubuntu: { entrypoint: [], cmd: ['/bin/bash'] },
  python: { entrypoint: [], cmd: ['python3'] },
  node: { entrypoint: [], cmd: ['node'] },
  'docker/whalesay': { entrypoint: [], cmd: ['/bin/bash'] },
};

/** The defaults of `image`, or undefined when the image is not known. */
export function imageDefaults(image: string): ImageDefaults | undefined {
  const repo = repositoryOf(image);
  if (repo === 'argoproj/argosay') {
    // v1 is Ubuntu with cowsay (CMD cowsay); v2 adds the /argosay entrypoint.
    return tagOf(image) === 'v1'
      ? { entrypoint: [], cmd: ['cowsay'], shim: 'argosay' }
      : { entrypoint: ['/argosay'], cmd: [], shim: 'argosay' };
  }
  return table[repo];
}

/** True for images whose `/argosay` is served by the shim. */
export function isArgosay(image: string): boolean {
  return repositoryOf(image) === 'argoproj/argosay';
}
