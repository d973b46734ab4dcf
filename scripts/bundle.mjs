// Bundles the CLI into dist/nuncio.cjs (the image shims into dist/shims/, found beside the bundle at run
// time), so that `nuncio` loads one file instead of a few hundred modules: start-up is part of every
// `nuncio run`. better-sqlite3 stays external (a native addon). Tests import the unbundled modules under
// dist/src.
//
// The bundle is CommonJS so that `bin/nuncio` can compile it through `vm.Script` with a V8 code cache
// (dist/nuncio.cjs.cache), which Node 20 offers for scripts and not for ES modules. The cache is written
// here, by one warm-up run of a hello-world workflow: it holds the bytecode of every function that run
// compiled, and V8 refuses it (and compiles as usual) if the bundle or Node changed since.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  format: 'cjs',
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/nuncio.cjs',
  external: ['better-sqlite3'],
  // The modules find files beside themselves through import.meta.url, which CommonJS lacks.
  define: { 'import.meta.url': '__nuncioModuleUrl' },
  banner: { js: "const __nuncioModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  format: 'esm',
  entryPoints: [
    'dist/src/emissary/runtimes/process/shims/argosay.js',
    'dist/src/emissary/runtimes/process/shims/cowsay.js',
  ],
  outdir: 'dist/shims',
});

// The warm-up run that leaves the code cache (see bin/nuncio). A failure leaves no cache, which costs
// start-up time and nothing else, so it is said and the build goes on.
const home = mkdtempSync(join(tmpdir(), 'nuncio-warm-up-'));
try {
  const r = spawnSync(
    process.execPath,
    ['bin/nuncio', 'run', '--no-sandbox', '-o', 'name', 'examples/hello-world.yaml'],
    { env: { ...process.env, NUNCIO_HOME: home, NUNCIO_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' },
  );
  if (r.status !== 0) console.warn(`bundle: no code cache, the warm-up run failed: ${r.stderr || r.error}`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
