/** Tests of the lint and load entry points against real files in a temporary directory. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NuncioError } from '../../errors/index.ts';
import { InvalidManifestError } from '../diagnostic.ts';
import { loadTemplateIndex } from '../load-templates.ts';
import { loadWorkflowFile } from '../load-workflow-file.ts';
import { execSpec } from '../resolve-workflow.ts';
import { formatLintReport } from './format-report.ts';
import { lintPaths } from './lint-paths.ts';

const library = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: library
spec:
  entrypoint: greet
  arguments:
    parameters:
    - name: who
      value: world
  templates:
  - name: greet
    inputs:
      parameters:
      - name: who
        default: you
    container:
      image: alpine
      command: [echo, "hello {{inputs.parameters.who}}"]
`;

const caller = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: caller-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: greet
        templateRef:
          name: library
          template: greet
`;

const runner = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: runner-
spec:
  workflowTemplateRef:
    name: library
  arguments:
    parameters:
    - name: who
      value: 42
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
`;

const broken = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: broken
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
      comand: [date]
  - name: side
    container: {image: 3}
`;

let dir = '';
const file = (name: string) => join(dir, name);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nuncio-spec-'));
  mkdirSync(join(dir, 'library'));
  mkdirSync(join(dir, 'flows'));
  writeFileSync(file('library/library.yaml'), library);
  writeFileSync(file('flows/caller.yaml'), caller);
  writeFileSync(file('flows/runner.yml'), runner);
  writeFileSync(file('flows/notes.txt'), 'not a manifest');
  writeFileSync(file('broken.yaml'), broken);
  writeFileSync(file('configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('lintPaths', () => {
  it('resolves references across the files given, as argo lint does', async () => {
    const report = await lintPaths([file('flows'), file('library')]);
    assert.deepEqual(
      report.results.map((r) => [r.file, r.linted, r.diagnostics.length]),
      [
        [file('flows/caller.yaml'), true, 0],
        [file('flows/runner.yml'), true, 0],
        [file('library/library.yaml'), true, 0],
      ],
    );
    assert.equal(report.success, true);
    assert.equal(formatLintReport(report, 'pretty'), '✔ no linting errors found!\n');
    assert.equal(formatLintReport(report, 'simple'), 'no linting errors found!\n');
  });

  it('without the templates, reports the reference as argo lint --offline does; --templates supplies them', async () => {
    const alone = await lintPaths([file('flows/caller.yaml')]);
    assert.equal(
      alone.results[0]?.diagnostics[0]?.message,
      'templates.main.steps[0].greet couldn\'t find workflow template "library" in namespace ""',
    );
    const withIndex = await lintPaths([file('flows')], {
      templates: await loadTemplateIndex([file('library')]),
    });
    assert.equal(withIndex.success, true);
  });

  it("prints problems in argo lint's pretty and simple styles, with positions added", async () => {
    const report = await lintPaths([file('broken.yaml')]);
    assert.equal(report.errorCount, 2);
    assert.equal(
      formatLintReport(report, 'pretty'),
      [
        `${file('broken.yaml')}:`,
        '   ✖ in "broken" (Workflow): unknown field "spec.templates[0].container.comand"',
        `     at ${file('broken.yaml')}:11:7 (spec.templates[0].container.comand)`,
        '     hint: did you mean "command"?',
        '   ✖ in "broken" (Workflow): spec.templates[1].container.image: expected string, got integer',
        `     at ${file('broken.yaml')}:13:24 (spec.templates[1].container.image)`,
        '',
        '✖ 2 linting errors found!',
        '',
      ].join('\n'),
    );
    assert.equal(
      formatLintReport(report, 'simple'),
      [
        `${file('broken.yaml')}:11:7: in "broken" (Workflow): unknown field "spec.templates[0].container.comand"`,
        `${file('broken.yaml')}:13:24: in "broken" (Workflow): spec.templates[1].container.image: expected string, got integer`,
        '',
      ].join('\n'),
    );
    assert.match(formatLintReport(report, 'pretty', { color: true }), /\u001b\[31m✖\u001b\[0m in "broken"/);
  });

  it('filters by kind, and fails when nothing was linted', async () => {
    const onlyTemplates = await lintPaths([dir], { kinds: ['wftmpl'] });
    assert.deepEqual(
      onlyTemplates.results.filter((r) => r.linted).map((r) => r.file),
      [file('library/library.yaml')],
    );
    const nothing = await lintPaths([file('configmap.yaml')]);
    assert.equal(nothing.success, false);
    assert.equal(nothing.anythingLinted, false);
    assert.equal(
      formatLintReport(nothing, 'simple'),
      'found nothing to lint in the specified paths, failing...\n',
    );
    assert.equal(
      formatLintReport(nothing, 'pretty'),
      '✖ found nothing to lint in the specified paths, failing...\n',
    );
    await assert.rejects(lintPaths([dir], { kinds: ['pods'] }), (e: unknown) => {
      return e instanceof NuncioError && e.message === 'unknown kind: pods';
    });
  });
});

describe('loadWorkflowFile', () => {
  it('returns the workflow normalized and resolved, and the other documents', async () => {
    const loaded = await loadWorkflowFile(file('flows/runner.yml'), {
      templates: await loadTemplateIndex([file('library')]),
    });
    assert.equal(loaded.workflow.metadata.generateName, 'runner-');
    assert.deepEqual(loaded.workflow.spec.arguments?.parameters, [{ name: 'who', value: '42' }]);
    const spec = execSpec(loaded.workflow);
    assert.equal(spec.entrypoint, 'greet');
    assert.deepEqual(spec.arguments?.parameters, [{ name: 'who', value: '42' }]);
    assert.deepEqual(
      loaded.others.map((d) => [d.kind, d.name]),
      [['ConfigMap', 'settings']],
    );
    assert.equal(loaded.workflows.length, 1);
    assert.ok(loaded.templates.get('library', false));
  });

  it('throws a SpecError carrying every diagnostic when the file is invalid', async () => {
    await assert.rejects(loadWorkflowFile(file('broken.yaml')), (e: unknown) => {
      assert.ok(e instanceof InvalidManifestError);
      assert.deepEqual(
        e.diagnostics.map((d) => `${d.line}:${d.column} ${d.path}`),
        ['11:7 spec.templates[0].container.comand', '13:24 spec.templates[1].container.image'],
      );
      assert.equal(
        e.message,
        [
          `${file('broken.yaml')} is not a valid manifest:`,
          `  ${file('broken.yaml')}:11:7: in "broken" (Workflow): unknown field "spec.templates[0].container.comand" (did you mean "command"?)`,
          `  ${file('broken.yaml')}:13:24: in "broken" (Workflow): spec.templates[1].container.image: expected string, got integer`,
        ].join('\n'),
      );
      assert.deepEqual(e.position, { file: file('broken.yaml'), line: 11, column: 7 });
      return true;
    });
  });

  it('a reference to a template that was not loaded is a diagnostic, not a crash', async () => {
    await assert.rejects(loadWorkflowFile(file('flows/runner.yml')), (e: unknown) => {
      assert.ok(e instanceof InvalidManifestError);
      assert.equal(e.diagnostics[0]?.message, 'couldn\'t find workflow template "library" in namespace ""');
      assert.equal(e.diagnostics[0]?.path, 'spec.workflowTemplateRef');
      return true;
    });
  });

  it('a file without a Workflow says what it holds', async () => {
    await assert.rejects(loadWorkflowFile(file('library/library.yaml')), (e: unknown) => {
      assert.ok(e instanceof NuncioError);
      assert.equal(e.message, `no Workflow in ${file('library/library.yaml')}`);
      assert.equal(
        e.hint,
        'the file holds WorkflowTemplate "library"; a Workflow with spec.workflowTemplateRef runs a template',
      );
      return true;
    });
  });
});

describe('loadTemplateIndex', () => {
  it('loads the templates of a directory, and refuses one whose fields have the wrong type', async () => {
    const index = await loadTemplateIndex([file('library'), file('flows')]);
    assert.equal(index.size, 1);
    writeFileSync(
      file('library/bad.yaml'),
      library.replace('name: library', 'name: bad').replace('image: alpine', 'image: [alpine]'),
    );
    try {
      await assert.rejects(loadTemplateIndex([file('library')]), (e: unknown) => {
        assert.ok(e instanceof InvalidManifestError);
        assert.deepEqual(
          e.diagnostics.map((d) => d.message),
          ['spec.templates[0].container.image: expected string, got sequence'],
        );
        return true;
      });
    } finally {
      rmSync(file('library/bad.yaml'));
    }
  });

  it('a template that does not decode is not offered to references', async () => {
    writeFileSync(
      file('mixed.yaml'),
      `${library.replace('templates:\n', 'templates: oops\n').replace(/\n {2}- name: greet[\s\S]*$/, '\n')}---\n${caller}`,
    );
    try {
      const report = await lintPaths([file('mixed.yaml')]);
      assert.deepEqual(
        report.results[0]?.diagnostics.map((d) => d.message),
        [
          'spec.templates: expected sequence, got string',
          'templates.main.steps[0].greet couldn\'t find workflow template "library" in namespace ""',
        ],
      );
    } finally {
      rmSync(file('mixed.yaml'));
    }
  });
});
