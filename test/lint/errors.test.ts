/**
 * One test per class of error `nuncio lint` reports: the exact message, file:line:column and field
 * path, and that the printed report fits on one screen with no stack trace.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, NotFoundError } from '../../src/errors/index.ts';
import type { Diagnostic } from '../../src/spec/diagnostic.ts';
import { formatLintReport } from '../../src/spec/lint/format-report.ts';
import { lintPaths } from '../../src/spec/lint/lint-paths.ts';
import { loadWorkflowFile } from '../../src/spec/load-workflow-file.ts';
import { fixtures as sources } from './fixtures.ts';

let fixtures = '';

interface Expected {
  message: string;
  line: number;
  column: number;
  path: string;
  hint?: string;
  object?: string;
}

function assertOneScreen(text: string): void {
  const lines = text.split('\n');
  assert.ok(lines.length <= 24, `more than one screen (${lines.length} lines):\n${text}`);
  assert.ok(
    lines.every((l) => l.length <= 200),
    `a line wider than 200 characters:\n${text}`,
  );
  assert.doesNotMatch(text, /\n\s+at .*\(.*:\d+:\d+\)/, 'looks like a stack trace');
  assert.doesNotMatch(text, /node:internal|\.js:\d+/, 'mentions code locations');
}

async function lintOne(name: string): Promise<Diagnostic> {
  const file = join(fixtures, name);
  const report = await lintPaths([file]);
  assert.equal(report.success, false);
  const [result] = report.results;
  assert.ok(result);
  assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics, null, 2));
  assertOneScreen(formatLintReport(report, 'pretty'));
  assertOneScreen(formatLintReport(report, 'simple'));
  return result.diagnostics[0]!;
}

async function expectProblem(name: string, expected: Expected): Promise<void> {
  const d = await lintOne(name);
  assert.equal(d.file, join(fixtures, name));
  const got: Expected = { message: d.message, line: d.line, column: d.column, path: d.path };
  if (d.hint !== undefined) got.hint = d.hint;
  if (d.object !== undefined) got.object = d.object;
  assert.deepEqual(got, expected);
}

describe('lint errors', () => {
  before(() => {
    fixtures = mkdtempSync(join(tmpdir(), 'nuncio-lint-'));
    for (const [name, text] of Object.entries(sources)) writeFileSync(join(fixtures, name), text);
  });
  after(() => rmSync(fixtures, { recursive: true, force: true }));

  it("malformed YAML: the parser's reason at the opening quote, with the line shown", async () => {
    const d = await lintOne('malformed-yaml.yaml');
    assert.equal(d.code, ErrorCode.InvalidYaml);
    assert.deepEqual(
      { message: d.message, line: d.line, column: d.column, path: d.path, hint: d.hint },
      {
        message: [
          'invalid YAML: unterminated quoted string (no closing ")',
          '      args: ["echo", "unterminated]',
          '                     ^',
        ].join('\n'),
        line: 11,
        column: 22,
        path: '',
        hint: 'check the indentation, quoting and `-` list markers around this line',
      },
    );
  });

  it('wrong type: expected and actual kinds, at the value', async () => {
    await expectProblem('wrong-type.yaml', {
      message: 'spec.templates[0].container.image: expected string, got mapping',
      line: 11,
      column: 9,
      path: 'spec.templates[0].container.image',
      object: '"wrong-type-" (Workflow)',
    });
  });

  it('unknown field: at the key, with the closest known field as a hint', async () => {
    await expectProblem('unknown-field.yaml', {
      message: 'unknown field "spec.templates[0].contianer"',
      line: 9,
      column: 5,
      path: 'spec.templates[0].contianer',
      hint: 'did you mean "container"?',
      object: '"unknown-field-" (Workflow)',
    });
  });

  it("unknown template: Argo's message, at the step's template field", async () => {
    await expectProblem('unknown-template.yaml', {
      message: "templates.main.steps[0].hello template name 'whalesay' undefined",
      line: 11,
      column: 19,
      path: 'spec.templates[0].steps[0][0].template',
      object: '"unknown-template-" (Workflow)',
    });
  });

  it('duplicate template names', async () => {
    await expectProblem('duplicate-names.yaml', {
      message: "spec.templates[2].name 'print' is not unique",
      line: 16,
      column: 11,
      path: 'spec.templates[2].name',
      object: '"duplicate-names-" (Workflow)',
    });
  });

  it('DAG cycle: the message names the cycle', async () => {
    await expectProblem('dag-cycle.yaml', {
      message: 'templates.main.tasks dependency cycle detected: C->B->A->C',
      line: 11,
      column: 7,
      path: 'spec.templates[0].dag.tasks',
      object: '"dag-cycle-" (Workflow)',
    });
  });

  it("undefined variable: a step may not use a later step's outputs", async () => {
    await expectProblem('undefined-variable.yaml', {
      message: 'templates.main.steps failed to resolve {{steps.second.outputs.result}}',
      line: 15,
      column: 20,
      path: 'spec.templates[0].steps[0][0].arguments.parameters[0].value',
      object: '"undefined-variable-" (Workflow)',
    });
  });

  it('missing entrypoint', async () => {
    await expectProblem('missing-entrypoint.yaml', {
      message: 'spec.entrypoint is required',
      line: 6,
      column: 3,
      path: 'spec',
      object: '"missing-entrypoint-" (Workflow)',
    });
  });

  it('timeout without a unit', async () => {
    await expectProblem('invalid-timeout.yaml', {
      message: 'main has invalid duration format in timeout',
      line: 9,
      column: 14,
      path: 'spec.templates[0].timeout',
      object: '"invalid-timeout-" (Workflow)',
    });
  });

  it('enum violation in workflow arguments', async () => {
    await expectProblem('enum-violation.yaml', {
      message: 'spec.arguments.color.value should be present in spec.arguments.color.enum list',
      line: 10,
      column: 14,
      path: 'spec.arguments.parameters[0].value',
      object: '"enum-violation-" (Workflow)',
    });
  });

  it('missing required argument: at the step that does not supply it', async () => {
    await expectProblem('missing-argument.yaml', {
      message: 'templates.main.steps[0].hello templates.print inputs.parameters.message was not supplied',
      line: 10,
      column: 9,
      path: 'spec.templates[0].steps[0][0]',
      object: '"missing-argument-" (Workflow)',
    });
  });

  it('missing file: a NotFoundError naming the path, from lint and from run', async () => {
    const missing = join(fixtures, 'no-such-workflow.yaml');
    const expected = (e: unknown): boolean => {
      assert.ok(e instanceof NotFoundError);
      assert.equal(e.message, `no such file or directory: ${missing}`);
      assert.ok(e.hint);
      assertOneScreen(`${e.message}\n${e.hint}`);
      return true;
    };
    await assert.rejects(lintPaths([missing]), expected);
    await assert.rejects(loadWorkflowFile(missing), expected);
  });
});
