/**
 * `npm run conformance`: runs Argo's example workflows that can run on this machine (see catalog.ts)
 * through nuncio's embedded engine, checks each against the catalog and golden.jsonl, prints a table and
 * a last line `N passed, N failed`. Exit status 1 when fewer than 95% pass, when an example fails that is
 * not listed in known-failures.ts, or when a listed one passes (the list must stay honest).
 *
 * Examples run several at a time in one engine with a fresh `$NUNCIO_HOME`, since most of their time is
 * spent in `sleep`. Set NUNCIO_CONFORMANCE_ONLY=<substring> to run a subset.
 *
 * Some examples end at random by design (a step exits 1 two times in three, with a retry limit of 10: the
 * catalog's note says "random"). Where the catalog still expects one phase, about 1 % of their runs end
 * otherwise, and with five such examples a whole run would fail about one time in twenty. Those examples
 * get up to `randomAttempts` runs and pass when one of them does; the table says when it took more than one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/main/engine.ts';
import { loadRun } from '../../src/main/load.ts';
import { prepareWorkflow } from '../../src/main/prepare.ts';
import type { Workflow } from '../../src/spec/types.ts';
import { type CatalogRow, examplesDir, type Golden, readCatalog, readGolden, selected } from './catalog.ts';
import { checkGolden, phaseMatches } from './check.ts';
import { environmentDocs } from './environment.ts';
import { knownFailures } from './known-failures.ts';

interface Outcome {
  row: CatalogRow;
  phase: string;
  passed: boolean;
  seconds: number;
  problems: string[];
  /** Shown beside a passing example (how many runs a random one took). */
  note?: string;
}

/** Runs of an example whose outcome is random by design before it counts as failed. */
const randomAttempts = 3;

/** The catalog expects one phase of an example that ends at random (see the module comment). */
function endsAtRandom(row: CatalogRow): boolean {
  return row.expectNotes.startsWith('random') && !row.expectedPhase.includes('|');
}

const perExampleTimeoutMs = Number(process.env.NUNCIO_CONFORMANCE_TIMEOUT_MS ?? 400_000);
const parallel = Number(process.env.NUNCIO_CONFORMANCE_PARALLEL ?? 12);

async function runOne(
  engine: Engine,
  row: CatalogRow,
  golden: Golden | undefined,
  envDir: string,
): Promise<Outcome> {
  const started = Date.now();
  const problems: string[] = [];
  let wf: Workflow | undefined;
  const logs = new Map<string, string[]>();
  try {
    const loaded = await loadRun(join(examplesDir, row.path), [
      join(examplesDir, 'workflow-template'),
      join(examplesDir, 'cluster-workflow-template'),
      join(examplesDir, 'configmaps'),
      envDir,
    ]);
    // each example in a namespace of its own, so that examples sharing a mutex name do not wait for each
    // other (as they would in one cluster namespace)
    const prepared = prepareWorkflow(loaded.workflow, {
      namespace: `example-${row.path.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 63),
    });
    const driver = engine.start(
      prepared,
      { templates: loaded.templates, configMaps: loaded.configMaps },
      {
        stopWhenIdle: true,
        onLog: (line) => {
          let list = logs.get(line.nodeId);
          if (!list) {
            list = [];
            logs.set(line.nodeId, list);
          }
          list.push(line.content);
        },
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), perExampleTimeoutMs);
    });
    const result = await Promise.race([driver.done, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      driver.observe({ type: 'shutdown', strategy: 'Terminate' });
      problems.push(`did not finish within ${perExampleTimeoutMs / 1000} s`);
      wf = await driver.done;
    } else wf = result;
  } catch (e) {
    problems.push(`error: ${(e as Error).message.split('\n')[0]}`);
  }
  const phase = wf?.status?.phase ?? '-';
  if (wf) {
    if (!phaseMatches(row.expectedPhase, wf)) {
      problems.push(
        `phase ${phase}${wf.status?.message ? ` (${wf.status.message})` : ''}, expected ${row.expectedPhase}`,
      );
    } else if (golden && (golden.phase === null || golden.phase === phase)) {
      problems.push(...checkGolden(golden, wf, logs));
    }
  }
  return { row, phase, passed: problems.length === 0, seconds: (Date.now() - started) / 1000, problems };
}

async function main(): Promise<number> {
  const only = process.env.NUNCIO_CONFORMANCE_ONLY;
  const rows = selected(readCatalog()).filter((r) => !only || r.path.includes(only));
  const golden = readGolden();
  const home = mkdtempSync(join(tmpdir(), 'nuncio-conformance-'));
  const envDir = environmentDocs(home);
  // most examples sleep: let many steps run at once, as pods would on a cluster
  const engine = new Engine({
    home: join(home, 'home'),
    logger: () => {},
    concurrency: 64,
    // the database semaphore limits Argo's e2e environment configures
    syncLimits: (_namespace, key) => ({ template: 2, workflow: 1 })[key],
  });
  const outcomes: Outcome[] = [];
  const queue = [...rows];
  const started = Date.now();
  const workers = Array.from({ length: Math.min(parallel, queue.length) }, async () => {
    for (;;) {
      const row = queue.shift();
      if (!row) return;
      const skip = knownFailures[row.path]?.skip;
      if (skip) {
        outcomes.push({ row, phase: '-', passed: false, seconds: 0, problems: [`not run: ${skip}`] });
        continue;
      }
      const attempts = endsAtRandom(row) ? randomAttempts : 1;
      let seconds = 0;
      for (let attempt = 1; ; attempt++) {
        const outcome = await runOne(engine, row, golden.get(row.path), envDir);
        seconds += outcome.seconds;
        if (outcome.passed || attempt === attempts) {
          if (attempt > 1)
            outcome.note = `run ${attempt} of ${attempts} (ends at random by design: ${row.expectNotes})`;
          outcomes.push({ ...outcome, seconds });
          break;
        }
      }
    }
  });
  await Promise.all(workers);
  await engine.close();
  rmSync(home, { recursive: true, force: true });

  outcomes.sort((a, b) => (a.row.path < b.row.path ? -1 : 1));
  const width = Math.max(...outcomes.map((o) => o.row.path.length));
  const lines: string[] = [];
  lines.push(
    `${'EXAMPLE'.padEnd(width)}  ${'EXPECTED'.padEnd(18)}  ${'GOT'.padEnd(9)}  RESULT  SECONDS  NOTES`,
  );
  for (const o of outcomes) {
    lines.push(
      `${o.row.path.padEnd(width)}  ${o.row.expectedPhase.padEnd(18)}  ${o.phase.padEnd(9)}  ${(o.passed ? 'pass' : 'FAIL').padEnd(6)}  ${o.seconds.toFixed(1).padStart(7)}  ${[...o.problems, ...(o.note ? [o.note] : [])].join(' | ')}`,
    );
  }
  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.length - passed;
  const errors: string[] = [];
  for (const o of outcomes) {
    const known = knownFailures[o.row.path];
    if (!o.passed && !known) errors.push(`${o.row.path} failed and is not a known failure`);
    if (o.passed && known) errors.push(`${o.row.path} passes but is listed in known-failures.ts: remove it`);
  }
  const ratio = outcomes.length ? passed / outcomes.length : 0;
  if (ratio < 0.95) errors.push(`only ${(ratio * 100).toFixed(1)}% passed; at least 95% must`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  for (const e of errors) process.stdout.write(`conformance: ${e}\n`);
  process.stdout.write(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return errors.length ? 1 : 0;
}

process.exitCode = await main();
