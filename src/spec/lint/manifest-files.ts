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

/**
 * The text of a manifest file; a missing or unreadable file, a directory where a file is wanted, and a
 * file that is not text (a NUL byte: a binary) are each a clear NuncioError naming it.
 */
export async function readManifestFile(path: string): Promise<string> {
  const text =
    path === stdinPath
      ? await readStdin()
      : await readFile(path, 'utf8').catch((e) => {
          throw notFound(path, e);
        });
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new NuncioError(ErrorCode.InvalidYaml, 'not a YAML or JSON text: it holds a NUL byte', {
      position: { file: sourceName(path), line, column: nul - text.lastIndexOf('\n', nul - 1) },
      hint: 'give a Workflow manifest (.yaml, .yml or .json); a binary file cannot be one',
    });
  }
  return text;
}

function notFound(path: string, e: unknown): NuncioError {
  const code = errnoCode(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new NotFoundError(`no such file or directory: ${path}`, {
      hint: 'check the path; manifests are .yaml, .yml or .json files, or directories holding them',
      cause: e,
    });
  }
  if (code === 'EISDIR') {
    return new NuncioError(ErrorCode.BadRequest, `${path} is a directory, where a manifest file is wanted`, {
      hint: 'name a Workflow file; `nuncio lint DIR` checks every manifest in a directory',
      cause: e,
    });
  }
  return new NuncioError(ErrorCode.Io, `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
  });
}
