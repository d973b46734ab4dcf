/**
 * @module spec/lint/manifest-files
 * Finds and reads manifest files: a directory is searched recursively for `*.yaml`, `*.yml` and
 * `*.json` (in name order, so reports are stable); a file named explicitly is read whatever its
 * extension, and `-` is standard input (as `argo submit -` and `argo lint -` read it), named `stdin` in
 * messages. A missing path is a NotFoundError naming it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, NotFoundError, NuncioError } from '../../errors/index.ts';

const manifestExtensions = ['.yaml', '.yml', '.json'];

function isManifestName(name: string): boolean {
  return manifestExtensions.some((ext) => name.endsWith(ext));
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e
    ? String((e as { code: unknown }).code)
    : undefined;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && isManifestName(e.name)) out.push(p);
  }
}

/** The path that stands for standard input. */
export const stdinPath = '-';

/** How a manifest path is named in messages and positions. */
export function sourceName(path: string): string {
  return path === stdinPath ? 'stdin' : path;
}

let stdinText: Promise<string> | undefined;

/** Standard input to its end, read once however often it is asked for. */
function readStdin(): Promise<string> {
  stdinText ??= (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  })();
  return stdinText;
}

/** The manifest files under `paths`, in order. */
export async function manifestFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === stdinPath) {
      out.push(p);
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch (e) {
      throw notFound(p, e);
    }
    if (info.isDirectory()) await walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The text of a manifest file; a missing or unreadable file is a clear NuncioError naming it. */
export async function readManifestFile(path: string): Promise<string> {
  if (path === stdinPath) return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw notFound(path, e);
  }
}

function notFound(path: string, e: unknown): NuncioError {
  const code = errnoCode(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new NotFoundError(`no such file or directory: ${path}`, {
      hint: 'check the path; manifests are .yaml, .yml or .json files, or directories holding them',
      cause: e,
    });
  }
  return new NuncioError(ErrorCode.Io, `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
  });
}
