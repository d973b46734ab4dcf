/**
 * @module bench/emissary-overhead
 * Per-step overhead of the emissary with the process runtime: the time from `start(task)` to the
 * `finished` event for a step that runs `true`, sandboxed and plain, run one after another so nothing
 * competes. Not a test (timings are never asserted); after `npm run build`, run
 * `node dist/bench/emissary-overhead.js [n]`.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactDrivers } from '../src/artifacts/registry.ts';
import type { Task, TaskResult } from '../src/controller/ports.ts';
import { Emissary } from '../src/emissary/emissary.ts';
import { ProcessRuntime } from '../src/emissary/runtimes/process/process-runtime.ts';

const n = Number(process.argv[2] ?? 50);
const base = await mkdtemp(join(tmpdir(), 'nuncio-bench-'));
const runtime = new ProcessRuntime();
const waiting = new Map<string, (r: TaskResult) => void>();
const emissary = new Emissary({
  runtimes: { process: runtime },
  defaultRuntime: 'process',
  artifacts: new ArtifactDrivers(),
  workDir: join(base, 'work'),
  dataDir: join(base, 'data'),
  onEvent: (e) => {
    if (e.type === 'finished') waiting.get(e.result.nodeId)?.(e.result);
  },
});

function task(id: string, sandbox: boolean): Task {
  return {
    workflow: { uid: 'bench', name: 'bench', namespace: 'default' },
    nodeId: id,
    nodeName: id,
    podName: id,
    templateName: 'true',
    kind: 'container',
    main: { name: 'main', image: 'busybox', command: ['true'], args: [], env: [], volumeMounts: [] },
    volumes: [],
    inputs: { parameters: [], artifacts: [] },
    outputs: { parameters: [], artifacts: [], result: false },
    terminationGracePeriodMs: 1000,
    executor: { sandbox },
  };
}

async function once(id: string, sandbox: boolean): Promise<number> {
  const t0 = performance.now();
  const done = new Promise<TaskResult>((ok) => waiting.set(id, ok));
  emissary.start(task(id, sandbox));
  const r = await done;
  if (r.phase !== 'Succeeded') throw new Error(`${id}: ${r.phase} ${r.message ?? ''}`);
  return performance.now() - t0;
}

function summary(label: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number): string => (s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0).toFixed(1);
  return `${label}: n=${s.length} min=${q(0)} median=${q(0.5)} p90=${q(0.9)} max=${q(1)} ms`;
}

const sandboxed = await runtime.sandboxAvailable();
await once('warm-up-plain', false);
if (sandboxed) await once('warm-up-sandbox', true);
const plain: number[] = [];
const boxed: number[] = [];
for (let i = 0; i < n; i++) {
  plain.push(await once(`plain-${i}`, false));
  if (sandboxed) boxed.push(await once(`sandbox-${i}`, true));
}
console.log(summary('plain process  ', plain));
console.log(sandboxed ? summary('bubblewrap     ', boxed) : 'bubblewrap: not usable here');
await emissary.close();
await rm(base, { recursive: true, force: true });
