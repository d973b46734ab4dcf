/**
 * @module main/engine
 * Embedded mode: one process holds the store (SQLite under `$NUNCIO_HOME`), one Emissary with the process
 * runtime, and a `WorkflowDriver` per running workflow. The engine routes the emissary's task events to
 * the driver whose workflow started the task.
 */

import { hostname, networkInterfaces } from 'node:os';
import { HttpDriver } from '../artifacts/drivers/http/http-driver.ts';
import { LocalDriver } from '../artifacts/drivers/local/local-driver.ts';
import { RawDriver } from '../artifacts/drivers/raw/raw-driver.ts';
import { ArtifactDrivers } from '../artifacts/registry.ts';
import { LockManager } from '../controller/locks.ts';
import type { RunOptions } from '../controller/options.ts';
import type { PodHost } from '../controller/pod-env.ts';
import type { TaskEvent } from '../controller/ports.ts';
import { parseGoDuration } from '../controller/time.ts';
import { Emissary } from '../emissary/emissary.ts';
import { ProcessRuntime } from '../emissary/runtimes/process/process-runtime.ts';
import type { Workflow } from '../spec/types.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { workflowExists } from '../store/store-errors.ts';
import { type HomeLayout, homeLayout } from './home.ts';
import { FileMemoCache } from './memo-cache.ts';
import { runnerLabel, runnerMark } from './runner.ts';
import { type DriverCallbacks, WorkflowDriver } from './workflow-driver.ts';

export interface EngineOptions {
  home?: string;
  /** `off` runs steps as plain processes even when bubblewrap works. */
  sandbox?: 'auto' | 'off';
  /** Steps running at once; more wait (their nodes stay Pending). */
  concurrency?: number;
  /** Warnings of the engine itself (not steps' logs). */
  logger?: (message: string) => void;
  /** Limits of database-backed semaphores, by namespace and key. */
  syncLimits?: (namespace: string, key: string) => number | undefined;
  /**
   * How often a running step's `ARGO_PROGRESS_FILE` is read, ms; 0 turns self-reported progress off.
   * Default: `ARGO_PROGRESS_FILE_TICK_DURATION` from the environment (a Go duration, as Argo's controller
   * reads it), else 3 s.
   */
  progressTickMs?: number;
}

function withProgressTick(ms: number | undefined): { progressTickMs?: number } {
  return ms === undefined ? {} : { progressTickMs: ms };
}

/** The variable Argo's controller reads for how often executors read the progress file. */
const progressTickVar = 'ARGO_PROGRESS_FILE_TICK_DURATION';

/** `ARGO_PROGRESS_FILE_TICK_DURATION` in ms, when it is set; a value that is no duration is said and ignored. */
function progressTickFromEnv(logger: (message: string) => void): number | undefined {
  const text = process.env[progressTickVar];
  if (text === undefined || text === '') return undefined;
  const ms = parseGoDuration(text);
  if (ms === undefined || ms < 0) {
    logger(
      `${progressTickVar}=${text} is not a duration (such as 3s or 500ms); reading progress files every 3s`,
    );
    return undefined;
  }
  return ms;
}

/** This machine as the downward API shows it to steps: its host name and first external IPv4 address. */
export function thisHost(): PodHost {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return { nodeName: hostname(), ip: a.address };
    }
  }
  return { nodeName: hostname(), ip: '127.0.0.1' };
}

export class Engine {
  readonly layout: HomeLayout;
  readonly store: SqliteStore;
  readonly emissary: Emissary;
  readonly memoCache: FileMemoCache;
  /** Mutexes and semaphores shared by every workflow this engine runs. */
  readonly locks = new LockManager();
  readonly #syncLimits: EngineOptions['syncLimits'];
  readonly #routes = new Map<string, WorkflowDriver>();
  readonly #drivers = new Set<WorkflowDriver>();
  #host: PodHost | undefined;
  #runner: string | undefined;

  constructor(options: EngineOptions = {}) {
    this.layout = homeLayout(options.home);
    this.store = new SqliteStore({ directory: this.layout.db });
    this.memoCache = new FileMemoCache(this.layout.memo);
    this.#syncLimits = options.syncLimits;
    this.locks.onRelease = () => {
      for (const d of this.#drivers) d.observe({ type: 'locks-changed' });
    };
    const logger = options.logger ?? ((m: string) => process.stderr.write(`nuncio: ${m}\n`));
    const runtimeOptions: ConstructorParameters<typeof ProcessRuntime>[0] = { logger };
    if (options.sandbox) runtimeOptions.sandbox = options.sandbox;
    this.emissary = new Emissary({
      runtimes: { process: new ProcessRuntime(runtimeOptions) },
      defaultRuntime: 'process',
      artifacts: new ArtifactDrivers([
        new LocalDriver(this.layout.artifacts),
        new RawDriver(),
        new HttpDriver(),
      ]),
      workDir: this.layout.work,
      dataDir: this.layout.data,
      onEvent: (e) => this.#route(e),
      logger,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...withProgressTick(options.progressTickMs ?? progressTickFromEnv(logger)),
    });
  }

  #route(e: TaskEvent): void {
    const nodeId = e.type === 'finished' ? e.result.nodeId : e.nodeId;
    const driver = this.#routes.get(nodeId);
    if (!driver) return;
    if (e.type === 'finished') this.#routes.delete(nodeId);
    driver.onTaskEvent(e);
  }

  /** Called by drivers when they hand a task to the emissary. */
  routeTask(nodeId: string, driver: WorkflowDriver): void {
    this.#routes.set(nodeId, driver);
  }

  /**
   * Stores a prepared workflow (name, uid, namespace, creationTimestamp set) and runs it. The driver's
   * `done` resolves with the final object: completed, or Running when `stopWhenIdle` and it waits for a
   * resume.
   */
  start(wf: Workflow, runOptions: RunOptions, callbacks: DriverCallbacks = {}): WorkflowDriver {
    this.#runner ??= runnerMark();
    wf.metadata.labels = { ...wf.metadata.labels, [runnerLabel]: this.#runner };
    const summary = this.store.createWorkflowSync(wf);
    wf.metadata.uid = summary.uid;
    wf.metadata.namespace = summary.namespace;
    wf.metadata.creationTimestamp = summary.createdAt;
    this.#host ??= thisHost();
    const driver = new WorkflowDriver(
      this,
      wf,
      summary.resourceVersion,
      {
        memoCache: this.memoCache,
        locks: this.locks,
        host: this.#host,
        ...(this.#syncLimits ? { syncLimits: this.#syncLimits } : {}),
        ...runOptions,
      },
      callbacks,
    );
    this.#drivers.add(driver);
    void driver.done.finally(() => this.#drivers.delete(driver));
    driver.begin();
    return driver;
  }

  /**
   * Starts several workflows, as `start` does each, once none of their names is taken in the store: a
   * name taken leaves every one of them unstarted (argo submit would have created the ones before it).
   */
  startAll(
    runs: readonly { wf: Workflow; runOptions: RunOptions; callbacks?: DriverCallbacks }[],
  ): WorkflowDriver[] {
    for (const { wf } of runs) {
      const { namespace = 'default', name = '' } = wf.metadata;
      if (this.store.getWorkflowSync(namespace, name)) throw workflowExists(namespace, name);
    }
    return runs.map((r) => this.start(r.wf, r.runOptions, r.callbacks));
  }

  async close(): Promise<void> {
    await this.emissary.close();
    this.store.closeSync();
  }
}
