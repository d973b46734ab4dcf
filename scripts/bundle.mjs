// Bundles the CLI into dist/nuncio.js (the image shims into dist/shims/, found beside the bundle at run
// time), so that `nuncio` loads one
// file instead of a few hundred modules: start-up is part of every `nuncio run`. better-sqlite3 stays
// external (a native addon). Tests import the unbundled modules under dist/src.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/nuncio.js',
  external: ['better-sqlite3'],
  // CommonJS dependencies call require(); give the ESM bundle one
  banner: {
    js: "import { createRequire as __nuncioRequire } from 'node:module';\nconst require = __nuncioRequire(import.meta.url);",
  },
});

await build({
  ...common,
  entryPoints: [
    'dist/src/emissary/runtimes/process/shims/argosay.js',
    'dist/src/emissary/runtimes/process/shims/cowsay.js',
  ],
  outdir: 'dist/shims',
});
