/** Tests of argo lint's semantic checks: scoping of variables, steps, DAGs, templates, references, CronWorkflows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../field-path.ts';
import { normalize } from '../normalize.ts';
import { TemplateIndex } from '../template-index.ts';
import type { Manifest, WorkflowTemplate } from '../types.ts';
import { parseManifests } from '../yaml-load.ts';
import { validateManifest } from './validate-manifest.ts';

/**
 * Validates the first document of `yaml`; the (Cluster)WorkflowTemplates among all its documents are
 * available to references. Returns `message @ path`, or undefined when valid.
 */
function problem(yaml: string): string | undefined {
  const docs = parseManifests(yaml, 'test.yaml').map((d) => normalize(d.object) as unknown as Manifest);
  const index = new TemplateIndex();
  for (const d of docs) {
    if (d.kind === 'WorkflowTemplate' || d.kind === 'ClusterWorkflowTemplate')
      index.add(d as WorkflowTemplate);
  }
  const p = validateManifest(docs[0]!, index);
  return p && `${p.message} @ ${formatPath(p.path)}`;
}

/** A Workflow whose spec is `body` (indented YAML under `spec:`). */
function wf(body: string): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nspec:\n${body}`;
}

const printTemplate = `
  - name: print
    inputs:
      parameters:
      - name: msg
    container:
      image: alpine
      command: [echo, "{{inputs.parameters.msg}}"]
`;

describe('steps scoping', () => {
  it('a step sees the outputs of steps in earlier groups', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: print
        arguments: {parameters: [{name: msg, value: hi}]}
    - - name: b
        template: print
        arguments: {parameters: [{name: msg, value: "{{steps.a.outputs.result}} {{steps.a.status}}"}]}
${printTemplate}`);
    assert.equal(problem(y), undefined);
  });

  it('as in Argo, a step also sees an earlier step of its own group', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: print
        arguments: {parameters: [{name: msg, value: hi}]}
      - name: b
        template: print
        arguments: {parameters: [{name: msg, value: "{{steps.a.outputs.result}}"}]}
${printTemplate}`);
    assert.equal(problem(y), undefined);
  });

  it('a step may not use its own outputs', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: print
        arguments: {parameters: [{name: msg, value: "{{steps.a.outputs.result}}"}]}
${printTemplate}`);
    assert.equal(
      problem(y),
      'templates.main.steps failed to resolve {{steps.a.outputs.result}} @ spec.templates[0].steps[0][0].arguments.parameters[0].value',
    );
  });

  it('`item` fields exist only in a looping step, and only the keys of its items', () => {
    const loop = (items: string) =>
      wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: print
        arguments: {parameters: [{name: msg, value: "{{item.name}}"}]}
${items}
${printTemplate}`);
    assert.equal(problem(loop('        withItems: [{name: x}, {name: y}]')), undefined);
    assert.equal(problem(loop('        withParam: "[]"')), undefined);
    assert.equal(
      problem(loop('        withItems: [{other: x}]')),
      'templates.main.steps failed to resolve {{item.name}} @ spec.templates[0].steps[0][0].arguments.parameters[0].value',
    );
    assert.equal(
      problem(loop('')),
      'templates.main.steps failed to resolve {{item.name}} @ spec.templates[0].steps[0][0].arguments.parameters[0].value',
    );
  });

  it('only one of withItems, withParam, withSequence', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: print
        arguments: {parameters: [{name: msg, value: "{{item}}"}]}
        withItems: [1, 2]
        withParam: "[1]"
${printTemplate}`);
    assert.equal(
      problem(y),
      'templates.main.steps[0].a only one of withItems, withParam, withSequence can be specified @ spec.templates[0].steps[0][0]',
    );
  });

  it('step names are unique within the template', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: print
        arguments: {parameters: [{name: msg, value: hi}]}
    - - name: a
        template: print
        arguments: {parameters: [{name: msg, value: hi}]}
${printTemplate}`);
    assert.equal(
      problem(y),
      "templates.main.steps[1].name 'a' is not unique @ spec.templates[0].steps[1][0].name",
    );
  });
});

describe('DAG scoping', () => {
  const dag = (tasks: string) =>
    wf(`  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
${tasks}
${printTemplate}`);

  it('a task sees the status of its (transitive) dependencies only', () => {
    const ok = dag(`      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
      - {name: B, template: print, dependencies: [A], arguments: {parameters: [{name: msg, value: b}]}}
      - {name: C, template: print, dependencies: [B], arguments: {parameters: [{name: msg, value: "{{tasks.A.status}}"}]}}`);
    assert.equal(problem(ok), undefined);
    const bad = dag(`      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
      - {name: C, template: print, arguments: {parameters: [{name: msg, value: "x {{tasks.A.status}}"}]}}`);
    assert.equal(
      problem(bad),
      'templates.main.tasks.C failed to resolve {{tasks.A.status}} @ spec.templates[0].dag.tasks[1].arguments.parameters[0].value',
    );
  });

  it('an argument that is a task reference must name a dependency', () => {
    const y = dag(`      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
      - {name: B, template: print, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.result}}"}]}}`);
    assert.equal(
      problem(y),
      "templates.main.tasks.B missing dependency 'A' for parameter 'msg' @ spec.templates[0].dag.tasks[1].arguments.parameters[0].value",
    );
  });

  it('dependencies must exist; depends and dependencies do not mix', () => {
    assert.equal(
      problem(
        dag(
          `      - {name: A, template: print, dependencies: [Z], arguments: {parameters: [{name: msg, value: a}]}}`,
        ),
      ),
      "templates.main.tasks.A dependency 'Z' not defined @ spec.templates[0].dag.tasks[0].dependencies",
    );
    assert.equal(
      problem(
        dag(`      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
      - {name: B, template: print, depends: "A.Succeeded", arguments: {parameters: [{name: msg, value: b}]}}
      - {name: C, template: print, dependencies: [A], arguments: {parameters: [{name: msg, value: c}]}}`),
      ),
      "templates.main cannot use both 'depends' and 'dependencies' in the same DAG template @ spec.templates[0].dag.tasks[2].dependencies",
    );
  });

  it('depends results are checked, and items-based results need a looping task', () => {
    assert.equal(
      problem(
        dag(`      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
      - {name: B, template: print, depends: "A.Finished", arguments: {parameters: [{name: msg, value: b}]}}`),
      ),
      "templates.main.tasks.B task result 'Finished' for task 'A' is invalid @ spec.templates[0].dag.tasks[1].depends",
    );
    assert.equal(
      problem(
        dag(`      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
      - {name: B, template: print, depends: "A.AnySucceeded", arguments: {parameters: [{name: msg, value: b}]}}`),
      ),
      "templates.main.tasks.A dependency 'A' uses an items-based condition such as .AnySucceeded or .AllFailed but does not contain any items @ spec.templates[0].dag.tasks[1].depends",
    );
  });

  it('targets must name tasks', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    dag:
      target: A Z
      tasks:
      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
${printTemplate}`);
    assert.equal(
      problem(y),
      "templates.main.targets: target 'Z' is not defined @ spec.templates[0].dag.target",
    );
  });
});

describe('global variables', () => {
  it('workflow.parameters must be declared, except when linting a WorkflowTemplate', () => {
    const body = `  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
      command: [echo, "{{workflow.parameters.missing}}"]
`;
    assert.equal(
      problem(wf(body)),
      'templates.main: failed to resolve {{workflow.parameters.missing}} @ spec.templates[0].container.command[1]',
    );
    const wft = `apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: t\nspec:\n${body}`;
    assert.equal(problem(wft), undefined);
  });

  it('workflow.outputs exist once a step publishes them with globalName', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: produce
    - - name: b
        template: print
        arguments: {parameters: [{name: msg, value: "{{workflow.outputs.parameters.color}}"}]}
  - name: produce
    container: {image: alpine}
    outputs:
      parameters:
      - name: c
        globalName: color
        valueFrom: {path: /tmp/c}
${printTemplate}`);
    assert.equal(problem(y), undefined);
    assert.equal(
      problem(y.replace('workflow.outputs.parameters.color', 'workflow.outputs.parameters.size')),
      'templates.main.steps failed to resolve {{workflow.outputs.parameters.size}} @ spec.templates[0].steps[1][0].arguments.parameters[0].value',
    );
  });

  it('workflow.failures exists in the exit handler only', () => {
    const y = (where: string) =>
      wf(`  entrypoint: main
  onExit: exit
  templates:
  - name: main
    container: {image: alpine, command: [echo, "${where === 'main' ? '{{workflow.failures}}' : 'ok'}"]}
  - name: exit
    container: {image: alpine, command: [echo, "{{workflow.status}} ${where === 'exit' ? '{{workflow.failures}}' : ''}"]}
`);
    assert.equal(problem(y('exit')), undefined);
    assert.equal(
      problem(y('main')),
      'templates.main: failed to resolve {{workflow.failures}} @ spec.templates[0].container.command[1]',
    );
  });

  it('retries and lastRetry are not checked, as in Argo', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    retryStrategy: {limit: 2}
    container: {image: alpine, command: [echo, "{{retries}} {{lastRetry.status}}"]}
`);
    assert.equal(problem(y), undefined);
  });
});

describe('templates', () => {
  it('exactly one template type', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    container: {image: alpine}
    script: {image: alpine, source: echo}
`);
    assert.equal(
      problem(y),
      'templates.main multiple template types specified. choose one of: container, containerSet, steps, script, resource, dag, suspend, template, template ref @ spec.templates[0]',
    );
  });

  it('names are DNS-label-like', () => {
    const y = wf(`  entrypoint: main_x
  templates:
  - name: main_x
    container: {image: alpine}
`);
    assert.equal(
      problem(y),
      "spec.templates[0].name: 'main_x' is invalid: name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME) @ spec.templates[0].name",
    );
  });

  it('an image is required unless templateDefaults gives one', () => {
    const y = (defaults: string) =>
      wf(`  entrypoint: main
${defaults}  templates:
  - name: main
    container: {command: [echo]}
`);
    assert.equal(
      problem(y('')),
      'templates.main.container.image may not be empty @ spec.templates[0].container',
    );
    assert.equal(problem(y('  templateDefaults:\n    container: {image: alpine}\n')), undefined);
  });

  it('output parameters of a container come from a path', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    container: {image: alpine}
    outputs:
      parameters:
      - name: x
        valueFrom: {jsonPath: "{.a}"}
`);
    assert.equal(
      problem(y),
      'templates.main.outputs.parameters.x.path must be specified for Container templates @ spec.templates[0].outputs.parameters[0]',
    );
  });

  it('resource actions are Kubernetes verbs', () => {
    const y = wf(`  entrypoint: main
  templates:
  - name: main
    resource: {action: launch, manifest: "kind: ConfigMap"}
`);
    assert.equal(
      problem(y),
      'templates.main.resource.action must be one of: get, create, apply, delete, replace, patch @ spec.templates[0].resource.action',
    );
  });
});

describe('references to WorkflowTemplates', () => {
  const library = `---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: library
spec:
  templates:
  - name: greet
    inputs:
      parameters:
      - name: who
    container:
      image: alpine
      command: [echo, "{{inputs.parameters.who}} {{inputs.parameters.nobody}}"]
`;
  const caller = (ref: string, args = '{parameters: [{name: who, value: you}]}') =>
    wf(`  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        templateRef: ${ref}
        arguments: ${args}
`);

  it('a template missing from the loaded ones is reported as argo lint --offline does', () => {
    assert.equal(
      problem(caller('{name: elsewhere, template: greet}')),
      'templates.main.steps[0].a couldn\'t find workflow template "elsewhere" in namespace "" @ spec.templates[0].steps[0][0].templateRef',
    );
    assert.equal(
      problem(`${caller('{name: library, template: greet, clusterScope: true}')}${library}`),
      'templates.main.steps[0].a couldn\'t find cluster workflow template "library" @ spec.templates[0].steps[0][0].templateRef',
    );
    assert.equal(
      problem(`${caller('{name: library, template: wave}')}${library}`),
      'templates.main.steps[0].a template reference library.wave not found @ spec.templates[0].steps[0][0].templateRef',
    );
  });

  it('a problem inside the referenced template is reported at the reference, with the chain', () => {
    assert.equal(
      problem(`${caller('{name: library, template: greet}')}${library}`),
      'templates.main.steps[0].a templates.greet: failed to resolve {{inputs.parameters.nobody}} @ spec.templates[0].steps[0][0]',
    );
  });
});

describe('CronWorkflow', () => {
  const cron = (schedules: string, args = '') => `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ${schedules}
  workflowSpec:
    entrypoint: main
${args}    templates:
    - name: main
      container: {image: alpine}
`;

  it('schedules are parsed as Argo parses them', () => {
    assert.equal(
      problem(cron('["0 2 * * *", "@every 90s", "CRON_TZ=Europe/Paris 0 3 * * mon-fri"]')),
      undefined,
    );
    assert.equal(
      problem(cron('["0 2 * * *", "61 * * * *"]')),
      'cron schedule 61 * * * * is malformed: end of range (61) above maximum (59): 61 @ spec.schedules[1]',
    );
    assert.equal(problem(cron('[]')), 'cron workflow must have at least one schedule @ spec');
  });

  it('the workflow it creates is validated with submission rules', () => {
    assert.equal(
      problem(cron('["@daily"]', '    arguments: {parameters: [{name: day}]}\n')),
      'cannot validate Workflow: spec.arguments.day.value or spec.arguments.day.valueFrom is required @ spec.workflowSpec.arguments.parameters[0]',
    );
  });
});
