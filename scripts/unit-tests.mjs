// Runs every compiled `*.test.js` under dist/src and dist/test with node's test runner. (Given a
// directory, Node 20 also runs every .js file below a `test` folder, such as the conformance runner.)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = ['dist/src', 'dist/test'].flatMap((d) => walk(d, []));
const r = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', ...files, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
