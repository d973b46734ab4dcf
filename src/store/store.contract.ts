/**
 * @module store/store.contract
 * The contract every WorkflowStore adapter passes. An adapter's test file calls `runStoreContract` with a
 * factory; an adapter that cannot honour a part says so in `skip`, with the reason, test by test.
 *
 * The factory makes a new, empty store; given a store it has made, it makes another instance over the
 * same storage (the same file, the same database, the same MemoryStorage), which is how the suite checks
 * concurrent writers and that data outlives `close()`.
 */

import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ConflictError, ErrorCode, NotFoundError, NuncioError, StoreError } from '../errors/index.ts';
import type { NodeStatus, Workflow, WorkflowPhase } from '../spec/types.ts';
import type { LogLine, WorkflowStore } from './store.ts';

export type MakeStore = (sameStorageAs?: WorkflowStore) => Promise<WorkflowStore>;

export interface ContractSkip {
  reason: string;
  /** Titles of the tests to skip, exactly as the suite names them. */
  tests: string[];
}

interface WorkflowOptions {
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  phase?: WorkflowPhase;
  createdAt?: string;
  finishedAt?: string;
  nodes?: NodeStatus[];
}

function node(wfName: string, suffix: string, phase: NodeStatus['phase'] = 'Running'): NodeStatus {
  return {
    id: `${wfName}-${suffix}`,
    name: `${wfName}.${suffix}`,
    displayName: suffix,
    type: 'Pod',
    templateName: 'main',
    phase,
    boundaryID: wfName,
    startedAt: '2024-05-01T10:00:01Z',
    inputs: { parameters: [{ name: 'message', value: `hello ${suffix}` }] },
  };
}

function workflow(name: string, o: WorkflowOptions = {}): Workflow {
  const wf: Workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: o.namespace ?? 'argo',
      labels: o.labels ?? { team: 'data' },
      annotations: { note: 'kept as is' },
    },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'message', value: 'hi' }] },
      templates: [
        {
          name: 'main',
          container: { image: 'alpine:3.19', command: ['echo', '{{inputs.parameters.message}}'] },
        },
      ],
    },
    status: { phase: o.phase ?? 'Running', startedAt: '2024-05-01T10:00:00Z', progress: '0/1' },
  };
  if (o.uid) wf.metadata.uid = o.uid;
  if (o.createdAt) wf.metadata.creationTimestamp = o.createdAt;
  if (o.finishedAt) wf.status!.finishedAt = o.finishedAt;
  if (o.nodes) wf.status!.nodes = Object.fromEntries(o.nodes.map((n) => [n.id, n]));
  return wf;
}

function line(
  nodeId: string,
  content: string,
  container = 'main',
  stream: LogLine['stream'] = 'stdout',
): LogLine {
  return { nodeId, container, stream, time: '2024-05-01T10:00:02.000Z', content };
}

function isError(
  cls: abstract new (...args: never[]) => NuncioError,
  message?: RegExp | string,
): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof cls, `expected a ${cls.name}, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}

function badRequest(path: string): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof NuncioError, `expected a NuncioError, got ${String(e)}`);
    assert.equal(e.code, ErrorCode.BadRequest);
    assert.equal(e.path, path);
    return true;
  };
}

export function runStoreContract(name: string, make: MakeStore, skip: ContractSkip[] = []): void {
  const reasons = new Map<string, string>();
  for (const s of skip) for (const t of s.tests) reasons.set(t, s.reason);
  const titles = new Set<string>();

  describe(`WorkflowStore contract: ${name}`, () => {
    const opened: WorkflowStore[] = [];
    async function open(sameStorageAs?: WorkflowStore): Promise<WorkflowStore> {
      const s = await make(sameStorageAs);
      opened.push(s);
      return s;
    }
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    function it(title: string, fn: () => Promise<void>): void {
      titles.add(title);
      const reason = reasons.get(title);
      test(title, reason === undefined ? {} : { skip: reason }, fn);
    }

    // --- create and get ---------------------------------------------------------------------------------

    it('create returns the stored row and get assembles the object with its nodes', async () => {
      const store = await open();
      const nodes = [node('hello', 'a'), node('hello', 'b', 'Succeeded')];
      const input = workflow('hello', { nodes, createdAt: '2024-05-01T09:59:59Z', uid: 'uid-hello' });
      const created = await store.createWorkflow(input);
      assert.deepEqual(created, {
        uid: 'uid-hello',
        name: 'hello',
        namespace: 'argo',
        phase: 'Running',
        createdAt: '2024-05-01T09:59:59Z',
        startedAt: '2024-05-01T10:00:00Z',
        progress: '0/1',
        labels: { team: 'data' },
        resourceVersion: '1',
      });
      const expected = workflow('hello', { nodes, createdAt: '2024-05-01T09:59:59Z', uid: 'uid-hello' });
      expected.metadata.resourceVersion = '1';
      assert.deepEqual(await store.getWorkflow('argo', 'hello'), expected);
      assert.deepEqual(await store.getWorkflowByUid('uid-hello'), expected);
    });

    it('create fills uid, namespace and creationTimestamp, and keeps those given', async () => {
      const store = await open();
      const wf = workflow('filled');
      delete wf.metadata.namespace;
      const before = Math.floor(Date.now() / 1000) * 1000;
      const created = await store.createWorkflow(wf);
      const after = Date.now();
      assert.equal(created.namespace, 'default');
      assert.match(created.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.match(created.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const at = Date.parse(created.createdAt);
      assert.ok(at >= before && at <= after, `${created.createdAt} is not the time of the call`);
      const got = await store.getWorkflow('default', 'filled');
      assert.equal(got?.metadata.uid, created.uid);
      assert.equal(got?.metadata.namespace, 'default');
      assert.equal(got?.metadata.creationTimestamp, created.createdAt);
      assert.equal(wf.metadata.uid, undefined, 'the input object is not modified');

      const other = await store.createWorkflow(
        workflow('given', { uid: 'u-given', createdAt: '2020-01-02T03:04:05Z' }),
      );
      assert.equal(other.uid, 'u-given');
      assert.equal(other.createdAt, '2020-01-02T03:04:05Z');
    });

    it('create refuses a name already taken in the namespace, with Argo’s message', async () => {
      const store = await open();
      await store.createWorkflow(workflow('dup', { uid: 'u1' }));
      await assert.rejects(
        store.createWorkflow(workflow('dup', { uid: 'u2', phase: 'Failed' })),
        isError(ConflictError, 'workflows.argoproj.io "dup" already exists'),
      );
      assert.equal((await store.getWorkflow('argo', 'dup'))?.status?.phase, 'Running');
      assert.equal(await store.getWorkflowByUid('u2'), undefined);
      const elsewhere = await store.createWorkflow(workflow('dup', { uid: 'u3', namespace: 'other' }));
      assert.equal(elsewhere.namespace, 'other');
    });

    it('create refuses a uid already stored', async () => {
      const store = await open();
      await store.createWorkflow(workflow('one', { uid: 'same' }));
      await assert.rejects(
        store.createWorkflow(workflow('two', { uid: 'same' })),
        isError(ConflictError, /"same"/),
      );
      assert.equal(await store.getWorkflow('argo', 'two'), undefined);
    });

    it('create refuses a workflow without a name', async () => {
      const store = await open();
      const wf = workflow('x');
      delete wf.metadata.name;
      wf.metadata.generateName = 'x-';
      await assert.rejects(store.createWorkflow(wf), badRequest('metadata.name'));
      assert.deepEqual(await store.listWorkflows(), []);
    });

    it('create refuses a creationTimestamp that is not a time', async () => {
      const store = await open();
      await assert.rejects(
        store.createWorkflow(workflow('t', { createdAt: 'yesterday' })),
        badRequest('metadata.creationTimestamp'),
      );
      assert.deepEqual(await store.listWorkflows(), []);
    });

    it('get returns undefined for an absent workflow', async () => {
      const store = await open();
      await store.createWorkflow(workflow('present', { uid: 'p' }));
      assert.equal(await store.getWorkflow('argo', 'absent'), undefined);
      assert.equal(await store.getWorkflow('other', 'present'), undefined);
      assert.equal(await store.getWorkflowByUid('nope'), undefined);
    });

    // --- update -----------------------------------------------------------------------------------------

    it('update with the current resourceVersion replaces the object, not the nodes, and bumps the version', async () => {
      const store = await open();
      const nodes = [node('up', 'a'), node('up', 'b')];
      await store.createWorkflow(workflow('up', { uid: 'u', nodes }));
      const wf = (await store.getWorkflow('argo', 'up'))!;
      wf.status!.phase = 'Succeeded';
      wf.status!.finishedAt = '2024-05-01T10:05:00Z';
      wf.status!.message = 'done';
      wf.metadata.labels = { team: 'data', 'workflows.argoproj.io/completed': 'true' };
      wf.spec.parallelism = 2;
      // status.nodes in an update is ignored: nodes change only through upsertNodes/deleteNodes.
      wf.status!.nodes = { 'up-zzz': node('up', 'zzz') };
      assert.equal(await store.updateWorkflow(wf, '1'), '2');

      const got = (await store.getWorkflow('argo', 'up'))!;
      assert.equal(got.metadata.resourceVersion, '2');
      assert.equal(got.status?.phase, 'Succeeded');
      assert.equal(got.status?.finishedAt, '2024-05-01T10:05:00Z');
      assert.equal(got.status?.message, 'done');
      assert.equal(got.spec.parallelism, 2);
      assert.deepEqual(got.metadata.labels, { team: 'data', 'workflows.argoproj.io/completed': 'true' });
      assert.deepEqual(got.status?.nodes, Object.fromEntries(nodes.map((n) => [n.id, n])));
      assert.equal(await store.updateWorkflow(got, '2'), '3');
      const [summary] = await store.listWorkflows();
      assert.equal(summary?.resourceVersion, '3');
      assert.equal(summary?.phase, 'Succeeded');
      assert.equal(summary?.finishedAt, '2024-05-01T10:05:00Z');
      assert.equal(summary?.message, 'done');
    });

    it('update with a stale resourceVersion is a ConflictError and changes nothing', async () => {
      const store = await open();
      await store.createWorkflow(workflow('race', { uid: 'r' }));
      const wf = (await store.getWorkflow('argo', 'race'))!;
      assert.equal(
        await store.updateWorkflow({ ...wf, status: { ...wf.status!, phase: 'Succeeded' } }, '1'),
        '2',
      );
      await assert.rejects(
        store.updateWorkflow({ ...wf, status: { ...wf.status!, phase: 'Failed' } }, '1'),
        isError(
          ConflictError,
          'Operation cannot be fulfilled on workflows.argoproj.io "race": the object has been modified; please apply your changes to the latest version and try again',
        ),
      );
      await assert.rejects(store.updateWorkflow(wf, 'not-a-number'), isError(ConflictError));
      const got = await store.getWorkflow('argo', 'race');
      assert.equal(got?.status?.phase, 'Succeeded');
      assert.equal(got?.metadata.resourceVersion, '2');
    });

    it('update of an absent workflow is a NotFoundError', async () => {
      const store = await open();
      const wf = workflow('ghost', { uid: 'g' });
      await assert.rejects(
        store.updateWorkflow(wf, '1'),
        isError(NotFoundError, 'workflows.argoproj.io "ghost" not found'),
      );
      assert.equal(await store.getWorkflowByUid('g'), undefined);
    });

    it('update cannot rename a workflow, move it or change its creationTimestamp', async () => {
      const store = await open();
      await store.createWorkflow(workflow('fixed', { uid: 'f', createdAt: '2024-01-01T00:00:00Z' }));
      const wf = (await store.getWorkflow('argo', 'fixed'))!;
      await assert.rejects(
        store.updateWorkflow({ ...wf, metadata: { ...wf.metadata, name: 'renamed' } }, '1'),
        badRequest('metadata.name'),
      );
      await assert.rejects(
        store.updateWorkflow({ ...wf, metadata: { ...wf.metadata, namespace: 'elsewhere' } }, '1'),
        badRequest('metadata.namespace'),
      );
      assert.equal(
        await store.updateWorkflow(
          { ...wf, metadata: { ...wf.metadata, creationTimestamp: '2030-01-01T00:00:00Z' } },
          '1',
        ),
        '2',
      );
      const got = await store.getWorkflowByUid('f');
      assert.equal(got?.metadata.name, 'fixed');
      assert.equal(got?.metadata.creationTimestamp, '2024-01-01T00:00:00Z');
      assert.equal(await store.getWorkflow('argo', 'renamed'), undefined);
    });

    it('update without a uid is refused', async () => {
      const store = await open();
      await store.createWorkflow(workflow('nouid', { uid: 'n' }));
      await assert.rejects(store.updateWorkflow(workflow('nouid'), '1'), badRequest('metadata.uid'));
      assert.equal((await store.getWorkflowByUid('n'))?.metadata.resourceVersion, '1');
    });

    // --- nodes ------------------------------------------------------------------------------------------

    it('upsertNodes inserts new nodes and replaces existing ones, leaving the others alone', async () => {
      const store = await open();
      const a = node('n', 'a');
      const b = node('n', 'b');
      await store.createWorkflow(workflow('n', { uid: 'n', nodes: [a, b] }));
      const a2: NodeStatus = {
        ...a,
        phase: 'Succeeded',
        finishedAt: '2024-05-01T10:00:09Z',
        outputs: { exitCode: '0' },
      };
      const c = node('n', 'c', 'Pending');
      await store.upsertNodes('n', [a2, c]);
      assert.deepEqual((await store.getWorkflowByUid('n'))?.status?.nodes, { 'n-a': a2, 'n-b': b, 'n-c': c });
    });

    it('upsertNodes keeps the last of two nodes with the same id in one batch', async () => {
      const store = await open();
      await store.createWorkflow(workflow('twice', { uid: 't' }));
      const first = node('twice', 'x', 'Running');
      const second = { ...first, phase: 'Failed' as const, message: 'exit code 1' };
      await store.upsertNodes('t', [first, second]);
      assert.deepEqual((await store.getWorkflowByUid('t'))?.status?.nodes, { 'twice-x': second });
    });

    it('upsertNodes writes nothing of a batch that fails', async () => {
      const store = await open();
      const a = node('atomic', 'a');
      await store.createWorkflow(workflow('atomic', { uid: 'at', nodes: [a] }));
      const cyclic = node('atomic', 'cyclic') as NodeStatus & { self?: unknown };
      cyclic.self = cyclic;
      await assert.rejects(
        store.upsertNodes('at', [{ ...a, phase: 'Succeeded' }, node('atomic', 'b'), cyclic]),
        isError(StoreError, /"atomic-cyclic"/),
      );
      assert.deepEqual((await store.getWorkflowByUid('at'))?.status?.nodes, { 'atomic-a': a });
    });

    it('upsertNodes on an unknown uid is a NotFoundError', async () => {
      const store = await open();
      await assert.rejects(
        store.upsertNodes('missing', [node('m', 'a')]),
        isError(NotFoundError, /"missing"/),
      );
      await assert.rejects(store.upsertNodes('missing', []), isError(NotFoundError));
    });

    it('node writes do not change the resourceVersion', async () => {
      const store = await open();
      await store.createWorkflow(workflow('rv', { uid: 'rv' }));
      await store.upsertNodes('rv', [node('rv', 'a')]);
      await store.deleteNodes('rv', ['rv-a']);
      await store.appendLogs('rv', [line('rv-a', 'hi')]);
      const wf = (await store.getWorkflowByUid('rv'))!;
      assert.equal(wf.metadata.resourceVersion, '1');
      assert.equal(await store.updateWorkflow(wf, '1'), '2');
    });

    it('deleteNodes removes those nodes and ignores unknown ids', async () => {
      const store = await open();
      const [a, b, c] = [node('d', 'a'), node('d', 'b'), node('d', 'c')];
      await store.createWorkflow(workflow('d', { uid: 'd', nodes: [a, b, c] }));
      await store.deleteNodes('d', ['d-b', 'd-nothing']);
      assert.deepEqual((await store.getWorkflowByUid('d'))?.status?.nodes, { 'd-a': a, 'd-c': c });
      await store.deleteNodes('d', ['d-a', 'd-c']);
      const wf = await store.getWorkflowByUid('d');
      assert.equal(wf?.status?.nodes, undefined, 'no nodes: no status.nodes, as Argo omits an empty map');
      assert.equal(wf?.status?.phase, 'Running');
      await store.deleteNodes('unknown-uid', ['x']);
    });

    it('status.nodes are keyed and ordered by node id', async () => {
      const store = await open();
      await store.createWorkflow(workflow('order', { uid: 'o' }));
      const suffixes = ['3305421742', '1042', 'a', '2999999999', 'Z', 'b-1'];
      await store.upsertNodes(
        'o',
        suffixes.map((s) => node('order', s)),
      );
      const ids = Object.keys((await store.getWorkflowByUid('o'))?.status?.nodes ?? {});
      assert.deepEqual(ids, suffixes.map((s) => `order-${s}`).sort());
    });

    it('nodes of a workflow without a status come back under a status', async () => {
      const store = await open();
      const wf = workflow('bare', { uid: 'bare' });
      delete wf.status;
      await store.createWorkflow(wf);
      assert.equal((await store.getWorkflowByUid('bare'))?.status, undefined);
      await store.upsertNodes('bare', [node('bare', 'a')]);
      const got = await store.getWorkflowByUid('bare');
      assert.equal(got?.status?.phase, '');
      assert.deepEqual(Object.keys(got?.status?.nodes ?? {}), ['bare-a']);
      const [summary] = await store.listWorkflows();
      assert.equal(summary?.phase, '');
    });

    it('a workflow of many nodes round-trips, and one node of it can change', async () => {
      const store = await open();
      await store.createWorkflow(workflow('big', { uid: 'big' }));
      const nodes = Array.from({ length: 2000 }, (_, i) => node('big', String(i).padStart(5, '0')));
      await store.upsertNodes('big', nodes);
      const changed = { ...nodes[1234]!, phase: 'Succeeded' as const };
      await store.upsertNodes('big', [changed]);
      const got = (await store.getWorkflowByUid('big'))!.status!.nodes!;
      assert.equal(Object.keys(got).length, 2000);
      assert.deepEqual(got[changed.id], changed);
      assert.deepEqual(got[nodes[0]!.id], nodes[0]);
      assert.deepEqual(got[nodes[1999]!.id], nodes[1999]);
    });

    // --- list -------------------------------------------------------------------------------------------

    it('listWorkflows filters by namespace, phase, labels and name prefix, and limits', async () => {
      const store = await open();
      await store.createWorkflow(workflow('etl-1', { uid: '1', labels: { team: 'data', env: 'prod' } }));
      await store.createWorkflow(
        workflow('etl-2', { uid: '2', labels: { team: 'data' }, phase: 'Succeeded' }),
      );
      await store.createWorkflow(
        workflow('ml-1', { uid: '3', labels: { team: 'ml', env: 'prod' }, phase: 'Failed' }),
      );
      await store.createWorkflow(
        workflow('etl-3', { uid: '4', namespace: 'other', labels: { 'app.kubernetes.io/name': 'x' } }),
      );
      const uids = async (o: Parameters<WorkflowStore['listWorkflows']>[0]) =>
        (await store.listWorkflows(o)).map((s) => s.uid).sort();

      assert.deepEqual(await uids({}), ['1', '2', '3', '4']);
      assert.deepEqual(await uids({ namespace: 'argo' }), ['1', '2', '3']);
      assert.deepEqual(await uids({ namespace: 'nowhere' }), []);
      assert.deepEqual(await uids({ phases: ['Succeeded', 'Failed'] }), ['2', '3']);
      assert.deepEqual(await uids({ phases: [] }), ['1', '2', '3', '4']);
      assert.deepEqual(await uids({ labelSelector: { env: 'prod' } }), ['1', '3']);
      assert.deepEqual(await uids({ labelSelector: { env: 'prod', team: 'data' } }), ['1']);
      assert.deepEqual(await uids({ labelSelector: { 'app.kubernetes.io/name': 'x' } }), ['4']);
      assert.deepEqual(await uids({ labelSelector: { team: 'dat' } }), []);
      assert.deepEqual(await uids({ namePrefix: 'etl-' }), ['1', '2', '4']);
      assert.deepEqual(await uids({ namePrefix: 'etl-', namespace: 'argo', phases: ['Running'] }), ['1']);
      assert.deepEqual(await uids({ namePrefix: '%' }), []);
      assert.equal((await store.listWorkflows({ limit: 2 })).length, 2);
      assert.equal((await store.listWorkflows({ limit: 0 })).length, 4);
    });

    it('listWorkflows orders like argo list: unfinished newest first, then latest finished first', async () => {
      const store = await open();
      const at = (m: number) => `2024-05-01T10:${String(m).padStart(2, '0')}:00Z`;
      await store.createWorkflow(workflow('old-running', { uid: 'a', createdAt: at(1) }));
      await store.createWorkflow(
        workflow('done-early', { uid: 'b', createdAt: at(2), phase: 'Succeeded', finishedAt: at(3) }),
      );
      await store.createWorkflow(workflow('new-running', { uid: 'c', createdAt: at(5) }));
      await store.createWorkflow(
        workflow('done-late', { uid: 'd', createdAt: at(0), phase: 'Failed', finishedAt: at(9) }),
      );
      await store.createWorkflow(workflow('same-time', { uid: 'e', createdAt: at(5) }));
      await store.createWorkflow(
        workflow('done-ms', {
          uid: 'f',
          createdAt: at(0),
          phase: 'Error',
          finishedAt: '2024-05-01T10:03:00.500Z',
        }),
      );
      const order = (await store.listWorkflows()).map((s) => s.name);
      assert.deepEqual(order, [
        'same-time',
        'new-running',
        'old-running',
        'done-late',
        'done-ms',
        'done-early',
      ]);
      assert.deepEqual(
        (await store.listWorkflows({ limit: 3 })).map((s) => s.name),
        ['same-time', 'new-running', 'old-running'],
      );
    });

    it('listWorkflows returns summaries only, following updates', async () => {
      const store = await open();
      await store.createWorkflow(
        workflow('s', { uid: 's', nodes: [node('s', 'a')], createdAt: '2024-05-01T09:00:00Z' }),
      );
      const wf = (await store.getWorkflowByUid('s'))!;
      wf.status = {
        ...wf.status!,
        phase: 'Failed',
        finishedAt: '2024-05-01T10:00:05Z',
        message: 'child failed',
        progress: '0/1',
      };
      wf.metadata.labels = { 'workflows.argoproj.io/phase': 'Failed' };
      await store.updateWorkflow(wf, '1');
      assert.deepEqual(await store.listWorkflows(), [
        {
          uid: 's',
          name: 's',
          namespace: 'argo',
          phase: 'Failed',
          createdAt: '2024-05-01T09:00:00Z',
          startedAt: '2024-05-01T10:00:00Z',
          finishedAt: '2024-05-01T10:00:05Z',
          message: 'child failed',
          progress: '0/1',
          labels: { 'workflows.argoproj.io/phase': 'Failed' },
          resourceVersion: '2',
        },
      ]);
      assert.deepEqual(await store.listWorkflows({ phases: ['Running'] }), []);
    });

    // --- delete -----------------------------------------------------------------------------------------

    it('deleteWorkflow removes the workflow with its nodes and logs', async () => {
      const store = await open();
      await store.createWorkflow(workflow('gone', { uid: 'g', nodes: [node('gone', 'a')] }));
      await store.appendLogs('g', [line('gone-a', 'one'), line('gone-a', 'two')]);
      await store.createWorkflow(workflow('stays', { uid: 's', nodes: [node('stays', 'a')] }));
      await store.appendLogs('s', [line('stays-a', 'kept')]);

      assert.equal(await store.deleteWorkflow('g'), true);
      assert.equal(await store.deleteWorkflow('g'), false);
      assert.equal(await store.getWorkflow('argo', 'gone'), undefined);
      assert.equal(await store.getWorkflowByUid('g'), undefined);
      assert.deepEqual(await store.readLogs('g'), []);
      assert.deepEqual(
        (await store.listWorkflows()).map((s) => s.uid),
        ['s'],
      );

      // Recreated under the same uid and name, nothing of the old one comes back.
      await store.createWorkflow(workflow('gone', { uid: 'g' }));
      assert.equal((await store.getWorkflowByUid('g'))?.status?.nodes, undefined);
      assert.deepEqual(await store.readLogs('g'), []);
      assert.equal((await store.getWorkflowByUid('s'))?.status?.nodes?.['stays-a']?.phase, 'Running');
      assert.deepEqual(
        (await store.readLogs('s')).map((l) => l.content),
        ['kept'],
      );
    });

    // --- logs -------------------------------------------------------------------------------------------

    it('logs come back in append order with growing sequence numbers', async () => {
      const store = await open();
      await store.createWorkflow(workflow('log', { uid: 'l' }));
      await store.appendLogs('l', [line('log-a', 'a1'), line('log-b', 'b1', 'main', 'stderr')]);
      await store.appendLogs('l', [line('log-a', 'a2')]);
      await store.appendLogs('l', []);
      const got = await store.readLogs('l');
      assert.deepEqual(
        got.map(({ seq: _seq, ...rest }) => rest),
        [line('log-a', 'a1'), line('log-b', 'b1', 'main', 'stderr'), line('log-a', 'a2')],
      );
      const seqs = got.map((l) => l.seq);
      assert.ok(
        seqs.every((s, i) => Number.isInteger(s) && (i === 0 || s > seqs[i - 1]!)),
        `not increasing: ${seqs}`,
      );
    });

    it('readLogs filters by node and container', async () => {
      const store = await open();
      await store.createWorkflow(workflow('f', { uid: 'f' }));
      await store.appendLogs('f', [
        line('f-a', 'a-main-1'),
        line('f-a', 'a-side-1', 'side'),
        line('f-b', 'b-main-1'),
        line('f-a', 'a-main-2'),
      ]);
      const contents = async (o: Parameters<WorkflowStore['readLogs']>[1]) =>
        (await store.readLogs('f', o)).map((l) => l.content);
      assert.deepEqual(await contents({ nodeId: 'f-a' }), ['a-main-1', 'a-side-1', 'a-main-2']);
      assert.deepEqual(await contents({ nodeId: 'f-a', container: 'main' }), ['a-main-1', 'a-main-2']);
      assert.deepEqual(await contents({ container: 'side' }), ['a-side-1']);
      assert.deepEqual(await contents({ nodeId: 'f-c' }), []);
    });

    it('readLogs afterSeq returns only later lines, for following', async () => {
      const store = await open();
      await store.createWorkflow(workflow('follow', { uid: 'fo' }));
      await store.appendLogs('fo', [line('fo-a', '1'), line('fo-a', '2')]);
      const first = await store.readLogs('fo');
      const last = first.at(-1)!.seq;
      assert.deepEqual(await store.readLogs('fo', { afterSeq: last }), []);
      await store.appendLogs('fo', [line('fo-a', '3'), line('fo-b', 'other')]);
      assert.deepEqual(
        (await store.readLogs('fo', { afterSeq: last })).map((l) => l.content),
        ['3', 'other'],
      );
      assert.deepEqual(
        (await store.readLogs('fo', { afterSeq: last, nodeId: 'fo-a' })).map((l) => l.content),
        ['3'],
      );
      assert.deepEqual(
        (await store.readLogs('fo', { afterSeq: first[0]!.seq })).map((l) => l.content),
        ['2', '3', 'other'],
      );
    });

    it('readLogs tail returns the last matching lines, oldest first', async () => {
      const store = await open();
      await store.createWorkflow(workflow('tail', { uid: 't' }));
      await store.appendLogs(
        't',
        Array.from({ length: 10 }, (_, i) => line(i % 2 === 0 ? 't-even' : 't-odd', String(i))),
      );
      const contents = async (o: Parameters<WorkflowStore['readLogs']>[1]) =>
        (await store.readLogs('t', o)).map((l) => l.content);
      assert.deepEqual(await contents({ tail: 3 }), ['7', '8', '9']);
      assert.deepEqual(await contents({ tail: 2, nodeId: 't-even' }), ['6', '8']);
      assert.deepEqual(await contents({ tail: 50, nodeId: 't-odd' }), ['1', '3', '5', '7', '9']);
      assert.deepEqual(await contents({ tail: 0 }), []);
      assert.equal(
        (await contents({ tail: -1 })).length,
        10,
        'a negative tail means all lines, as in argo logs',
      );
      const all = await store.readLogs('t');
      assert.deepEqual(await contents({ tail: 2, afterSeq: all[8]!.seq }), ['9']);
    });

    it('appendLogs on an unknown uid is a NotFoundError; readLogs of one is empty', async () => {
      const store = await open();
      await assert.rejects(store.appendLogs('nobody', [line('x', 'y')]), isError(NotFoundError, /"nobody"/));
      assert.deepEqual(await store.readLogs('nobody'), []);
    });

    it('sequence numbers are never reused, even after a workflow is deleted', async () => {
      const store = await open();
      await store.createWorkflow(workflow('first', { uid: '1' }));
      await store.appendLogs('1', [line('a', 'x'), line('a', 'y')]);
      const highest = (await store.readLogs('1')).at(-1)!.seq;
      await store.deleteWorkflow('1');
      await store.createWorkflow(workflow('second', { uid: '2' }));
      await store.appendLogs('2', [line('a', 'z')]);
      const [z] = await store.readLogs('2');
      assert.ok(z!.seq > highest, `seq ${z!.seq} reused (highest was ${highest})`);
    });

    // --- copies, instances, lifetime --------------------------------------------------------------------

    it('objects go in and come out as copies', async () => {
      const store = await open();
      const n = node('copy', 'a');
      const wf = workflow('copy', { uid: 'c', nodes: [n] });
      await store.createWorkflow(wf);
      wf.spec.entrypoint = 'changed-after-create';
      n.phase = 'Failed';
      const got = (await store.getWorkflowByUid('c'))!;
      assert.equal(got.spec.entrypoint, 'main');
      assert.equal(got.status?.nodes?.['copy-a']?.phase, 'Running');
      got.spec.entrypoint = 'changed-after-get';
      got.status!.nodes!['copy-a']!.phase = 'Error';
      const again = (await store.getWorkflowByUid('c'))!;
      assert.equal(again.spec.entrypoint, 'main');
      assert.equal(again.status?.nodes?.['copy-a']?.phase, 'Running');
      await store.appendLogs('c', [line('copy-a', 'x')]);
      const [log] = await store.readLogs('c');
      log!.content = 'mutated';
      assert.equal((await store.readLogs('c'))[0]?.content, 'x');
    });

    it('two instances on the same storage: a stale write loses with a ConflictError', async () => {
      const one = await open();
      const two = await open(one);
      await one.createWorkflow(workflow('shared', { uid: 'sh' }));
      const seenByOne = (await one.getWorkflowByUid('sh'))!;
      const seenByTwo = (await two.getWorkflowByUid('sh'))!;
      assert.equal(seenByTwo.metadata.resourceVersion, '1');
      const results = await Promise.allSettled([
        one.updateWorkflow({ ...seenByOne, status: { ...seenByOne.status!, phase: 'Succeeded' } }, '1'),
        two.updateWorkflow({ ...seenByTwo, status: { ...seenByTwo.status!, phase: 'Failed' } }, '1'),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(won.length, 1, 'exactly one writer wins');
      assert.equal(lost.length, 1);
      assert.ok(
        lost[0]!.reason instanceof ConflictError,
        `the loser gets a ConflictError, not ${lost[0]!.reason}`,
      );
      const final = (await two.getWorkflowByUid('sh'))!;
      assert.equal(final.metadata.resourceVersion, '2');
      assert.equal(final.status?.phase, results[0]!.status === 'fulfilled' ? 'Succeeded' : 'Failed');
    });

    it('two instances on the same storage: the second create of a name conflicts', async () => {
      const one = await open();
      const two = await open(one);
      await one.createWorkflow(workflow('only-once', { uid: 'x1' }));
      await assert.rejects(two.createWorkflow(workflow('only-once', { uid: 'x2' })), isError(ConflictError));
    });

    it('two instances on the same storage see each other’s nodes and logs at once', async () => {
      const one = await open();
      const two = await open(one);
      await one.createWorkflow(workflow('both', { uid: 'b' }));
      await two.upsertNodes('b', [node('both', 'a')]);
      await one.appendLogs('b', [line('both-a', 'from one')]);
      await two.appendLogs('b', [line('both-a', 'from two')]);
      assert.deepEqual(Object.keys((await one.getWorkflowByUid('b'))?.status?.nodes ?? {}), ['both-a']);
      assert.deepEqual(
        (await one.readLogs('b')).map((l) => l.content),
        ['from one', 'from two'],
      );
      assert.equal(await two.deleteWorkflow('b'), true);
      assert.equal(await one.getWorkflow('argo', 'both'), undefined);
    });

    it('data persists when the store is closed and opened again', async () => {
      const first = await open();
      const n = node('keep', 'a');
      await first.createWorkflow(
        workflow('keep', { uid: 'k', nodes: [n], createdAt: '2024-05-01T00:00:00Z' }),
      );
      await first.appendLogs('k', [line('keep-a', 'persisted')]);
      const wf = (await first.getWorkflowByUid('k'))!;
      await first.updateWorkflow({ ...wf, status: { ...wf.status!, phase: 'Succeeded' } }, '1');
      const before = await first.getWorkflowByUid('k');
      const logsBefore = await first.readLogs('k');
      await first.close();

      const second = await open(first);
      assert.deepEqual(await second.getWorkflowByUid('k'), before);
      assert.deepEqual(await second.readLogs('k'), logsBefore);
      assert.equal(await second.updateWorkflow(before!, '2'), '3');
      await second.appendLogs('k', [line('keep-a', 'after reopen')]);
      const logs = await second.readLogs('k');
      assert.ok(logs[1]!.seq > logs[0]!.seq);
    });

    it('a closed store refuses calls with a StoreError', async () => {
      const store = await open();
      await store.createWorkflow(workflow('closed', { uid: 'cl' }));
      await store.close();
      await assert.rejects(store.getWorkflowByUid('cl'), isError(StoreError, /closed/));
      await assert.rejects(store.createWorkflow(workflow('more')), isError(StoreError, /closed/));
      await assert.rejects(store.appendLogs('cl', [line('a', 'b')]), isError(StoreError, /closed/));
      await store.close();
    });

    // --- control requests -----------------------------------------------------------------------------

    it('control requests are taken once, oldest first, and only by their workflow', async () => {
      const store = await open();
      await store.createWorkflow(workflow('ctl', { uid: 'ctl' }));
      await store.createWorkflow(workflow('other', { uid: 'other' }));
      await store.sendControl('ctl', { type: 'suspend' });
      await store.sendControl('ctl', { type: 'resume', nodeFieldSelector: 'displayName=a' });
      await store.sendControl('other', { type: 'shutdown', strategy: 'Stop' });
      assert.deepEqual(await store.takeControls('ctl'), [
        { type: 'suspend' },
        { type: 'resume', nodeFieldSelector: 'displayName=a' },
      ]);
      assert.deepEqual(await store.takeControls('ctl'), []);
      assert.deepEqual(await store.takeControls('other'), [{ type: 'shutdown', strategy: 'Stop' }]);
      await assert.rejects(
        store.sendControl('nobody', { type: 'suspend' }),
        isError(NotFoundError, /"nobody"/),
      );
    });

    it('a control request sent through one instance is taken through another', async () => {
      const a = await open();
      const b = await open(a);
      await a.createWorkflow(workflow('shared-ctl', { uid: 'shared-ctl' }));
      await a.sendControl('shared-ctl', { type: 'shutdown', strategy: 'Terminate' });
      assert.deepEqual(await b.takeControls('shared-ctl'), [{ type: 'shutdown', strategy: 'Terminate' }]);
      assert.deepEqual(await a.takeControls('shared-ctl'), []);
    });

    test('the skip list names only tests of this suite', () => {
      const unknown = [...reasons.keys()].filter((t) => !titles.has(t));
      assert.deepEqual(unknown, []);
    });
  });
}
