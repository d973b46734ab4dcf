/**
 * Dependency-boundary check (DESIGN.md "Modules"): every import in `src/` must be allowed by the table
 * below, the controller must not touch I/O, runtimes must not import one another, and there must be no
 * import cycle between files. Prints every violation and exits 1 if there is any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

/** Which src/ folders each folder may import (besides itself). `*` = anything. */
const allowed: Record<string, string[]> = {
  errors: [],
  spec: ['errors'],
  expressions: ['errors', 'spec'],
  controller: ['errors', 'spec', 'expressions'],
  artifacts: ['errors', 'spec'],
  emissary: ['errors', 'spec', 'artifacts', 'controller/ports'],
  store: ['errors', 'spec'],
  server: ['errors', 'spec', 'expressions', 'controller', 'artifacts', 'store', 'emissary/emissary'],
  cli: ['errors', 'spec', 'expressions', 'main', 'store/store', 'server/client'],
  main: ['*'],
};

/** Node built-ins and packages that mean I/O; the pure core must not import them. */
const ioModules = [
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
  'node:dgram',
  'node:worker_threads',
  'fs',
  'child_process',
  'better-sqlite3',
  'pg',
  'dockerode',
  '@kubernetes/client-node',
];
const pure = new Set(['errors', 'spec/types', 'expressions', 'controller']);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const importRe = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const dynamicRe = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(importRe)) {
    out.push({ spec: m[1]!, typeOnly: /^\s*(import|export)\s+type\s/.test(m[0].trimStart()) });
  }
  for (const m of text.matchAll(dynamicRe)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

const files = walk(src);
const violations: string[] = [];
const graph = new Map<string, string[]>();

function areaOf(rel: string): string {
  return rel.split('/')[0]!;
}

function matches(target: string, rule: string): boolean {
  return rule === '*' || target === rule || target.startsWith(`${rule}/`) || target === `${rule}.ts`;
}

for (const file of files) {
  const rel = relative(src, file);
  const area = areaOf(rel);
  const isTest = rel.endsWith('.test.ts') || rel.includes('.contract.');
  const edges: string[] = [];
  for (const { spec, typeOnly } of importsOf(file)) {
    if (spec.startsWith('.')) {
      const target = relative(src, resolve(dirname(file), spec));
      if (target.startsWith('..')) {
        if (!isTest) violations.push(`${rel}: imports ${spec} from outside src/`);
        continue;
      }
      // `import type` is erased by the compiler, so it cannot take part in a runtime cycle
      if (!typeOnly) edges.push(join(src, target));
      const targetArea = areaOf(target);
      if (targetArea === area) {
        // runtimes never import one another
        const rt = rel.match(/^emissary\/runtimes\/([^/]+)\//);
        const tt = target.match(/^emissary\/runtimes\/([^/]+)\//);
        if (rt && tt && rt[1] !== tt[1])
          violations.push(`${rel}: runtime imports another runtime (${target})`);
        continue;
      }
      const rules = allowed[area];
      if (!rules) {
        violations.push(`${rel}: folder src/${area} is not in the module table`);
        continue;
      }
      const targetNoExt = target.replace(/\.ts$/, '');
      const ok = rules.some((r) => matches(targetNoExt, r));
      // emissary may take types (only) from controller/ports
      if (!ok) violations.push(`${rel}: ${area}/ may not import ${targetNoExt}`);
      else if (area === 'emissary' && targetArea === 'controller' && !typeOnly)
        violations.push(`${rel}: emissary/ may import only types from controller/ports`);
    } else if (!isTest) {
      const base = rel.replace(/\.ts$/, '');
      const isPure = [...pure].some((p) => base === p || base.startsWith(`${p}/`));
      if (isPure && ioModules.includes(spec)) violations.push(`${rel}: the pure core may not import ${spec}`);
    }
  }
  graph.set(file, edges);
}

// Cycle detection (Tarjan's SCC over the runtime imports, type-only imports excluded).
let index = 0;
const idx = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
function strong(v: string): void {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) === idx.get(v)) {
    const comp: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1) violations.push(`import cycle: ${comp.map((f) => relative(src, f)).join(' -> ')}`);
  }
}
for (const f of graph.keys()) if (!idx.has(f)) strong(f);

if (violations.length) {
  for (const v of violations) console.error(`check-deps: ${v}`);
  console.error(`check-deps: ${violations.length} violation(s)`);
  process.exit(1);
}
console.log(`check-deps: ${files.length} files, no boundary violations, no import cycles`);
