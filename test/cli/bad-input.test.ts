/**
 * Bad input to `nuncio run`: each mistake gets one screen of text naming file:line:column, the field path
 * and a hint, never a stack trace, and exit status 2 (a step whose command cannot run: exit 1, the
 * workflow ran and failed, with the same kind of explanation).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'nuncio-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const header = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: bad-\nspec:\n';

function run(
  name: string,
  body: string | undefined,
  ...flags: string[]
): { code: number | null; err: string; out: string } {
  const file = join(dir, `${name}.yaml`);
  if (body !== undefined) writeFileSync(file, header + body);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'nuncio'), 'run', file, ...flags], {
    env: { ...process.env, NUNCIO_HOME: join(dir, 'home') },
    encoding: 'utf8',
  });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

function assertClear(err: string, file: string, where: RegExp, field: string): void {
  assert.match(err, where, err);
  assert.ok(err.includes(file), err);
  assert.ok(err.includes(field), `no field path ${field} in:\n${err}`);
  assert.ok(
    !/\n\s+at .+:\d+:\d+\)?\n/.test(err) || /\n {2}at .+\.yaml:\d+:\d+ \(/.test(err),
    `stack trace in:\n${err}`,
  );
  assert.ok(!err.includes('node:internal') && !err.includes('dist/src'), `stack trace in:\n${err}`);
  assert.ok(err.trimEnd().split('\n').length <= 24, `more than a screen:\n${err}`);
}

test('malformed YAML: position of the opening quote, the field, a hint', () => {
  const r = run(
    'malformed',
    '  entrypoint: main\n  templates:\n  - name: main\n    container:\n      image: busybox\n      command: [echo, "unterminated\n',
  );
  assert.equal(r.code, 2);
  assertClear(
    r.err,
    'malformed.yaml',
    /malformed\.yaml:11:23: invalid YAML: unterminated quoted string/,
    'spec.templates[0].container.command[1]',
  );
  assert.match(r.err, /hint: /);
});

test('a wrong type: expected integer, got string', () => {
  const r = run(
    'wrongtype',
    '  entrypoint: main\n  parallelism: many\n  templates:\n  - name: main\n    container: {image: busybox, command: [echo]}\n',
  );
  assert.equal(r.code, 2);
  assertClear(
    r.err,
    'wrongtype.yaml',
    /wrongtype\.yaml:7:16: .*expected integer, got string/,
    'spec.parallelism',
  );
});

test('an unknown field says what was meant', () => {
  const r = run(
    'unknownfield',
    '  entrypoint: main\n  templates:\n  - name: main\n    contaner: {image: busybox}\n',
  );
  assert.equal(r.code, 2);
  assertClear(
    r.err,
    'unknownfield.yaml',
    /unknownfield\.yaml:9:5: .*unknown field/,
    'spec.templates[0].contaner',
  );
  assert.match(r.err, /did you mean "container"\?/);
});

test('an unknown template', () => {
  const r = run(
    'unknowntemplate',
    '  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - name: a\n        template: nope\n',
  );
  assert.equal(r.code, 2);
  assertClear(
    r.err,
    'unknowntemplate.yaml',
    /unknowntemplate\.yaml:11:19: .*template name 'nope' undefined/,
    'spec.templates[0].steps[0][0].template',
  );
});

test('an --entrypoint that names no template is invalid input, as a template in the file would be', () => {
  const body =
    '  entrypoint: main\n  templates:\n  - name: main\n    container: {image: busybox, command: ["true"]}\n';
  const r = run('entrypointflag', body, '--entrypoint', 'mainn');
  assert.equal(r.code, 2, r.out);
  assert.match(r.err, /--entrypoint: template name 'mainn' undefined/);
  assert.match(r.err, /field: spec\.entrypoint/);
  assert.match(r.err, /hint: did you mean "main"\?/);
  assert.equal(r.out, '', 'nothing ran');
});

test('a DAG cycle names the cycle', () => {
  const r = run(
    'cycle',
    '  entrypoint: main\n  templates:\n  - name: main\n    dag:\n      tasks:\n      - {name: a, template: t, dependencies: [c]}\n      - {name: b, template: t, dependencies: [a]}\n      - {name: c, template: t, dependencies: [b]}\n  - name: t\n    container: {image: busybox, command: [echo]}\n',
  );
  assert.equal(r.code, 2);
  assertClear(
    r.err,
    'cycle.yaml',
    /cycle\.yaml:11:\d+: .*dependency cycle detected: c->b->a->c/,
    'spec.templates[0].dag.tasks',
  );
});

test('an undefined variable', () => {
  const r = run(
    'undefinedvar',
    '  entrypoint: main\n  templates:\n  - name: main\n    container:\n      image: busybox\n      command: [echo, "{{inputs.parameters.missing}}"]\n',
  );
  assert.equal(r.code, 2);
  assertClear(
    r.err,
    'undefinedvar.yaml',
    /undefinedvar\.yaml:11:23: .*failed to resolve \{\{inputs\.parameters\.missing\}\}/,
    'spec.templates[0].container.command[1]',
  );
});

test('a missing file', () => {
  const r = run('does-not-exist', undefined);
  assert.equal(r.code, 2);
  assert.match(r.err, /no such file or directory: .*does-not-exist\.yaml/);
  assert.match(r.err, /hint: /);
  assert.ok(!r.err.includes('dist/src'), r.err);
});

test('a command that is missing or not executable: where it is written and what to do', () => {
  const r = run(
    'nocommand',
    '  entrypoint: main\n  templates:\n  - name: main\n    container:\n      image: busybox\n      command: [no-such-command-here, --flag]\n',
  );
  assert.equal(r.code, 1);
  assertClear(
    r.err,
    'nocommand.yaml',
    /could not start: exec: "no-such-command-here": executable file not found in \$PATH/,
    'spec.templates[0].container.command[0]',
  );
  assert.match(r.err, /nocommand\.yaml:11:17/);
  // steps see the host's files except its /tmp (each step has its own), so the script lives in the build output
  const scripts = join(root, 'dist', 'bad-input-fixtures');
  mkdirSync(scripts, { recursive: true });
  const notExecutable = join(scripts, 'not-executable.sh');
  writeFileSync(notExecutable, '#!/bin/sh\necho hi\n');
  chmodSync(notExecutable, 0o644);
  const n = run(
    'notexecutable',
    `  entrypoint: main\n  templates:\n  - name: main\n    container:\n      image: busybox\n      command: [${notExecutable}]\n`,
  );
  assert.equal(n.code, 1);
  assertClear(
    n.err,
    'notexecutable.yaml',
    /could not start: exec: ".*not-executable\.sh": permission denied/,
    'spec.templates[0].container.command[0]',
  );
});

test('nesting too deep for any stage: one clear error at the place, with a short field path', () => {
  // 1,500 levels are read by the parser and caught by the depth check; 3,000 exhaust the parser's stack.
  for (const depth of [1500, 3000]) {
    const r = run(
      `deep-${depth}`,
      '  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - name: s\n        template: t\n' +
        `        withItems: [${'['.repeat(depth)}1${']'.repeat(depth)}]\n` +
        '  - name: t\n    container: {image: busybox, command: ["true"]}\n',
    );
    assert.equal(r.code, 2, r.err);
    assertClear(
      r.err,
      `deep-${depth}.yaml`,
      new RegExp(
        `deep-${depth}\\.yaml:12:\\d+: invalid YAML: collections are nested more than 1000 levels deep`,
      ),
      'spec.templates[0].steps[0][0].withItems[0][0][0][0][0]…',
    );
    assert.match(r.err, /hint: nuncio reads at most 1000 levels/);
    assert.ok(r.err.length < 2000, r.err);
  }
  // Just under the limit, it runs.
  const ok = run(
    'deep-ok',
    '  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - name: s\n        template: t\n' +
      `        withItems: [${'['.repeat(990)}1${']'.repeat(990)}]\n` +
      '  - name: t\n    container: {image: busybox, command: ["true"]}\n',
  );
  assert.equal(ok.code, 0, ok.err);
});

test('a directory or a binary where a manifest file is wanted', () => {
  const asDir = spawnSync(process.execPath, [join(root, 'bin', 'nuncio'), 'run', dir], {
    env: { ...process.env, NUNCIO_HOME: join(dir, 'home') },
    encoding: 'utf8',
  });
  assert.equal(asDir.status, 2);
  assert.match(asDir.stderr, /is a directory, where a manifest file is wanted\n {2}hint: /);
  const binary = join(dir, 'binary.yaml');
  writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x0a, 0x02, 0x00, 0x01]));
  const r = run('binary', undefined);
  assert.equal(r.code, 2);
  assertClear(
    r.err,
    'binary.yaml',
    /binary\.yaml:2:2: not a YAML or JSON text: it holds a NUL byte/,
    'hint: ',
  );
});
