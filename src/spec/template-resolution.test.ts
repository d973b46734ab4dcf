/** Tests of template resolution: workflowTemplateRef, templateRef (with clusterScope), templateDefaults. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../errors/index.ts';
import { normalize } from './normalize.ts';
import { execSpec, resolveWorkflow } from './resolve-workflow.ts';
import { applyTemplateDefaults } from './template-defaults.ts';
import { TemplateIndex, templateScope } from './template-index.ts';
import type { Template, Workflow, WorkflowTemplate } from './types.ts';
import { parseManifests } from './yaml-load.ts';

function load<T>(yaml: string): T[] {
  return parseManifests(yaml, 'test.yaml').map((d) => normalize(d.object) as T);
}

const [library, shared] = load<WorkflowTemplate>(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: library
spec:
  entrypoint: hello
  arguments:
    parameters:
    - name: message
      value: from-template
      enum: [from-template, from-workflow]
    - name: count
      value: 1
  serviceAccountName: builder
  templates:
  - name: hello
    container: {image: alpine, command: [echo, "{{workflow.parameters.message}}"]}
  - name: bye
    container: {image: alpine, command: [echo, bye]}
---
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: library
spec:
  templates:
  - name: hello
    script: {image: python, source: print(1)}
`);

function index(): TemplateIndex {
  const i = new TemplateIndex();
  i.addAll([library!, shared!]);
  return i;
}

describe('resolveWorkflow (workflowTemplateRef)', () => {
  const [wf] = load<Workflow>(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: run-
spec:
  workflowTemplateRef: {name: library}
  entrypoint: bye
  arguments:
    parameters:
    - name: message
      value: from-workflow
`);

  it('lays the workflow over the template: its fields win, arguments merge by name', () => {
    const resolved = resolveWorkflow(wf!, index());
    assert.deepEqual(resolved.spec, wf!.spec, 'spec stays as submitted');
    const stored = resolved.status?.storedWorkflowTemplateSpec;
    assert.ok(stored);
    assert.equal(stored.entrypoint, 'bye');
    assert.equal(stored.serviceAccountName, 'builder');
    assert.deepEqual(stored.arguments?.parameters, [
      { name: 'message', value: 'from-workflow', enum: ['from-template', 'from-workflow'] },
      { name: 'count', value: '1' },
    ]);
    assert.deepEqual(
      stored.templates?.map((t) => t.name),
      ['hello', 'bye'],
    );
    assert.deepEqual(stored.workflowTemplateRef, { name: 'library' });
    assert.equal(execSpec(resolved), stored);
  });

  it("takes the template's entrypoint when the workflow names none", () => {
    const { entrypoint: _e, ...spec } = wf!.spec;
    const resolved = resolveWorkflow({ ...wf!, spec }, index());
    assert.equal(execSpec(resolved).entrypoint, 'hello');
  });

  it('resolves clusterScope references among ClusterWorkflowTemplates', () => {
    const resolved = resolveWorkflow(
      { ...wf!, spec: { workflowTemplateRef: { name: 'library', clusterScope: true }, entrypoint: 'hello' } },
      index(),
    );
    assert.ok(execSpec(resolved).templates?.[0]?.script);
  });

  it("a workflow without a reference is unchanged; a missing template is NotFound with Argo's text", () => {
    const plain: Workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: {}, spec: {} };
    assert.equal(resolveWorkflow(plain, index()), plain);
    assert.throws(
      () => resolveWorkflow({ ...wf!, spec: { workflowTemplateRef: { name: 'nope' } } }, index()),
      (e: unknown) =>
        e instanceof NotFoundError && e.message === 'couldn\'t find workflow template "nope" in namespace ""',
    );
  });
});

describe('TemplateIndex', () => {
  it('resolves a templateRef to the template and its owner', () => {
    const { template, owner } = index().resolveRef({ name: 'library', template: 'bye' });
    assert.equal(template.name, 'bye');
    assert.equal(owner, library);
    assert.equal(templateScope(owner), 'namespaced/library');
    const cluster = index().resolveRef({ name: 'library', template: 'hello', clusterScope: true });
    assert.equal(cluster.owner, shared);
    assert.equal(templateScope(cluster.owner), 'cluster/library');
  });

  it('reports a missing template with the names that exist', () => {
    assert.throws(
      () => index().resolveRef({ name: 'library', template: 'wave' }),
      (e: unknown) =>
        e instanceof NotFoundError &&
        e.message === 'template wave not found in workflow template library' &&
        e.hint === 'WorkflowTemplate "library" has templates: hello, bye',
    );
  });

  it('finds templates by namespace; ones written without a namespace are found from any', () => {
    const i = new TemplateIndex();
    const mk = (ns: string | undefined, image: string): WorkflowTemplate => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: ns ? { name: 't', namespace: ns } : { name: 't' },
      spec: { templates: [{ name: 'x', container: { image } }] },
    });
    i.addAll([mk('team-a', 'a'), mk(undefined, 'any')]);
    assert.equal(i.get('t', false, 'team-a')?.spec.templates?.[0]?.container?.image, 'a');
    assert.equal(i.get('t', false, 'team-b')?.spec.templates?.[0]?.container?.image, 'any');
    assert.equal(i.get('t', true), undefined);
    i.add(mk('team-a', 'a2'));
    assert.equal(
      i.get('t', false, 'team-a')?.spec.templates?.[0]?.container?.image,
      'a2',
      'a later file wins',
    );
    assert.equal(i.size, 2);
    const copy = i.clone();
    copy.add(mk('team-c', 'c'));
    assert.equal(i.size, 2, 'clone is independent');
  });
});

describe('applyTemplateDefaults', () => {
  const defaults: Template = {
    timeout: '5m',
    container: {
      image: 'alpine',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    },
    retryStrategy: { limit: 2 },
  };

  it("the template's own fields win; env merges by name", () => {
    const t: Template = {
      name: 'main',
      timeout: '1m',
      container: { command: ['date'], env: [{ name: 'B', value: 'mine' }] },
    };
    assert.deepEqual(applyTemplateDefaults(t, defaults), {
      name: 'main',
      timeout: '1m',
      retryStrategy: { limit: 2 },
      container: {
        image: 'alpine',
        command: ['date'],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: 'mine' },
        ],
      },
    });
  });

  it('a template type that comes only from the defaults is not added', () => {
    const t: Template = { name: 's', script: { image: 'python', source: 'print(1)' } };
    const merged = applyTemplateDefaults(t, defaults);
    assert.equal(merged.container, undefined);
    assert.deepEqual(merged.script, t.script);
    assert.equal(merged.timeout, '5m');
  });

  it('no defaults: the template itself', () => {
    const t: Template = { name: 'x', suspend: {} };
    assert.equal(applyTemplateDefaults(t, undefined), t);
  });
});
