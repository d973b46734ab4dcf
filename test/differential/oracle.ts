/**
 * @module test/differential/oracle
 * Builds and drives the Go oracle (./oracle: expr-lang, govaluate and sprig at the versions Argo pins,
 * wired like Argo). The binary is built at test time with the Go toolchain from the Go module proxy and
 * cached under `node_modules/.cache/nuncio-differential/<hash of the Go sources>/`. A missing `go` or an
 * unreachable proxy is a test failure with a message saying so, never a skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from `dist/test/differential/` or from `test/differential/`. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('differential oracle: cannot find the repository root');
    dir = up;
  }
  return dir;
}

export interface OracleRequest {
  kind: 'expr' | 'when';
  source: string;
  env: Record<string, string | null>;
}

export interface OracleResponse {
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Builds the oracle if the cache has no binary for these sources; returns the binary's path. */
export function buildOracle(): string {
  const root = repoRoot();
  const src = resolve(root, 'test/differential/oracle');
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) {
    const p = join(src, f);
    if (existsSync(p)) hash.update(f).update(readFileSync(p));
  }
  const dir = join(root, 'node_modules/.cache/nuncio-differential', hash.digest('hex').slice(0, 16));
  const bin = join(dir, 'oracle');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      'differential oracle: the Go toolchain (`go`) is not available. Install Go >= 1.25 so the test can ' +
        'build the oracle from the Go module proxy; this test does not skip.',
    );
  }
  const tmp = `${bin}.tmp-${process.pid}`;
  try {
    execFileSync('go', ['build', '-o', tmp, '.'], {
      cwd: src,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(
      `differential oracle: building the Go oracle failed (is the Go module proxy reachable?):\n${err.stderr ?? err.message}`,
    );
  }
  renameSync(tmp, bin);
  return bin;
}

/** Runs every request through the oracle in one process and returns the responses in order. */
export function runOracle(requests: OracleRequest[]): OracleResponse[] {
  const bin = buildOracle();
  const input = `${requests.map((r) => JSON.stringify(r)).join('\n')}\n`;
  const out = execFileSync(bin, [], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = out.split('\n').filter((l) => l !== '');
  if (lines.length !== requests.length) {
    throw new Error(`differential oracle: expected ${requests.length} answers, got ${lines.length}`);
  }
  return lines.map((l) => JSON.parse(l) as OracleResponse);
}
