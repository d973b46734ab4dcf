/** Tests of the shape check (strict decoding) and of did-you-mean hints. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance } from '../did-you-mean.ts';
import { manifestShapes } from './argo.ts';
import { checkShape, type SchemaIssue } from './check.ts';

function issues(doc: unknown): string[] {
  const out: SchemaIssue[] = [];
  checkShape(doc, manifestShapes.Workflow!, [], out);
  return out.map((i) => `${i.message}${i.hint ? ` (${i.hint})` : ''}`);
}

function withTemplate(t: Record<string, unknown>, spec: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w' },
    spec: { ...spec, templates: [t] },
  };
}

describe('shape check', () => {
  it('reports every unknown field and wrong type, not only the first', () => {
    assert.deepEqual(
      issues(withTemplate({ name: 'a', contaner: {}, retryStrategy: { limit: 1.5 }, parallelism: '2' })),
      [
        'unknown field "spec.templates[0].contaner" (did you mean "container"?)',
        'spec.templates[0].retryStrategy.limit: expected integer or string, got number',
        'spec.templates[0].parallelism: expected integer, got string',
      ],
    );
  });

  it('accepts numbers and booleans where Argo has AnyString, IntOrString or a Quantity', () => {
    assert.deepEqual(
      issues(
        withTemplate({
          name: 'a',
          inputs: { parameters: [{ name: 'p', value: 1, default: true, enum: [1, 'x'] }] },
          activeDeadlineSeconds: 30,
          retryStrategy: { limit: '3' },
          container: { image: 'x', resources: { limits: { cpu: 1, memory: '1Gi' } } },
        }),
      ),
      [],
    );
  });

  it("knows nuncio's executor.emissary at workflow and template level, and its runtimes", () => {
    const emissary = {
      runtime: 'container',
      taskTimeout: '10m',
      sandbox: false,
      resources: { limits: { cpu: 2 } },
    };
    assert.deepEqual(
      issues(
        withTemplate(
          { name: 'a', executor: { emissary }, container: { image: 'x' } },
          { executor: { emissary } },
        ),
      ),
      [],
    );
    assert.deepEqual(issues(withTemplate({ name: 'a', executor: { emissary: { runtime: 'vm' } } })), [
      'spec.templates[0].executor.emissary.runtime: unsupported value "vm": must be one of process, container, kubernetes',
    ]);
  });

  it('rejects the fields Argo v4 removed', () => {
    const cron = {
      kind: 'CronWorkflow',
      spec: { schedule: '* * * * *', workflowSpec: { synchronization: { mutex: {} } } },
    };
    const out: SchemaIssue[] = [];
    checkShape(cron, manifestShapes.CronWorkflow!, [], out);
    assert.deepEqual(
      out.map((i) => [i.message, i.hint]),
      [
        [
          'unknown field "spec.schedule"',
          'Argo v4 removed `schedule`: write `schedules: ["<cron>"]` (`argo convert` rewrites it)',
        ],
        [
          'unknown field "spec.workflowSpec.synchronization.mutex"',
          'Argo v4 removed `mutex`: write `mutexes: [{name: ...}]`',
        ],
      ],
    );
  });

  it('null decodes to the zero value anywhere', () => {
    assert.deepEqual(issues(withTemplate({ name: null, container: null, inputs: { parameters: null } })), []);
  });
});

describe('did you mean', () => {
  it("suggests the closest name within a typo's distance, preferring a case-insensitive match", () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(closest('contianer', ['container', 'containerSet', 'script']), 'container');
    assert.equal(closest('Entrypoint', ['entrypoint', 'onExit']), 'entrypoint');
    assert.equal(closest('xyz', ['container', 'steps']), undefined);
    assert.equal(closest('mutex', ['semaphores', 'mutexes']), 'mutexes');
  });
});
