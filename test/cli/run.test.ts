/**
 * `nuncio run` and the read verbs, end to end through the real command: exit statuses, `-o json` alone
 * on stdout, plain progress lines when stdout is not a terminal, and `list`, `get`, `logs` reading what the
 * run stored.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Workflow } from '../../src/spec/types.ts';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'nuncio-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function nuncio(...args: string[]) {
  return nuncioWithInput(undefined, ...args);
}

function nuncioWithInput(input: string | undefined, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'nuncio'), ...args], {
    env: { ...process.env, NUNCIO_HOME: join(dir, 'home') },
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const steps = file(
  'steps.yaml',
  `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: cli-steps
spec:
  entrypoint: main
  arguments:
    parameters: [{name: who, value: world}]
  templates:
  - name: main
    steps:
    - - name: hello
        template: say
        arguments: {parameters: [{name: m, value: "hello {{workflow.parameters.who}}"}]}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [sh, -c], args: ["echo {{inputs.parameters.m}}"]}
`,
);

test('run -o json prints only the final Workflow; -p overrides arguments; exit 0 on success', () => {
  const r = nuncio('run', steps, '-p', 'who=nuncio', '-o', 'json');
  assert.equal(r.code, 0, r.err);
  const wf = JSON.parse(r.out) as Workflow;
  assert.equal(wf.metadata.name, 'cli-steps');
  assert.equal(wf.status?.phase, 'Succeeded');
  const hello = Object.values(wf.status?.nodes ?? {}).find((n) => n.displayName === 'hello');
  assert.deepEqual(hello?.inputs?.parameters, [{ name: 'm', value: 'hello nuncio' }]);
});

test('list, get and logs read the stored run', () => {
  const list = nuncio('list');
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^NAMESPACE +NAME +STATUS +AGE +DURATION +PRIORITY +MESSAGE/);
  assert.match(list.out, /default +cli-steps +Succeeded/);
  const get = nuncio('get', 'cli-steps', '--no-color');
  assert.equal(get.code, 0, get.err);
  assert.match(get.out, /Status: +Succeeded/);
  assert.match(get.out, /✔ hello +say +cli-steps-say-\d+/);
  const logs = nuncio('logs', 'cli-steps');
  assert.match(logs.out, /^cli-steps-say-\d+: hello nuncio$/m);
  const byNode = nuncio('logs', '@latest', '--node', 'hello');
  assert.equal(byNode.out, logs.out);
  const missing = nuncio('get', 'no-such-workflow');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /workflows.argoproj.io "no-such-workflow" not found/);
});

test('a failing step: exit 1, progress lines on a pipe, the failed node and its message in the summary', () => {
  const fail = file(
    'fail.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: cli-fail-
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "echo going down; exit 3"]}
`,
  );
  const r = nuncio('run', fail);
  assert.equal(r.code, 1);
  assert.match(r.out, /^\S+Z cli-fail-\w{5} \(Workflow\) Running$/m);
  assert.match(r.out, /^\S+Z cli-fail-\w{5} \(Pod\) Failed: main: Error \(exit code 3\)$/m);
  assert.match(r.out, /Status: +Failed/);
});

test('env valueFrom: the downward API resolves, a missing secret fails its step with Kubernetes’ words', () => {
  const wf = file(
    'env-from.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: cli-env-from
spec:
  entrypoint: main
  podMetadata: {labels: {team: data}}
  templates:
  - name: main
    steps:
    - - name: show
        template: show
    - - name: secret
        template: secret
  - name: show
    metadata: {annotations: {note: hi}}
    container:
      image: busybox
      command: [sh, -c, 'echo "pod=$POD ns=$NS team=$TEAM note=$NOTE host=$HOSTNAME"']
      env:
      - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
      - {name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
      - {name: TEAM, valueFrom: {fieldRef: {fieldPath: "metadata.labels['team']"}}}
      - {name: NOTE, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['note']"}}}
  - name: secret
    container:
      image: busybox
      command: [sh, -c, 'echo "token=$TOKEN"']
      env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: creds, key: token}}}]
`,
  );
  const r = nuncio('run', wf, '-o', 'json');
  assert.equal(r.code, 1, r.err);
  const nodes = Object.values((JSON.parse(r.out) as Workflow).status?.nodes ?? {});
  const secret = nodes.find((n) => n.displayName === 'secret');
  assert.equal(secret?.phase, 'Error');
  assert.equal(secret?.message, 'secret "creds" not found');
  const logs = nuncio('logs', 'cli-env-from');
  const pod = /^(cli-env-from-show-\d+): /m.exec(logs.out)?.[1];
  assert.ok(pod, logs.out);
  assert.match(logs.out, new RegExp(`: pod=${pod} ns=default team=data note=hi host=${pod}$`, 'm'));
});

test('- reads the manifest from standard input, as argo submit - and argo lint - do', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: cli-stdin
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "echo from stdin"]}
`;
  const run = nuncioWithInput(text, 'run', '-', '-o', 'json');
  assert.equal(run.code, 0, run.err);
  assert.equal((JSON.parse(run.out) as Workflow).status?.phase, 'Succeeded');
  const lint = nuncioWithInput(text.replace('entrypoint: main', 'entrypoint: nope'), 'lint', '-');
  assert.equal(lint.code, 1);
  assert.match(lint.out, /at stdin:6:15 \(spec\.entrypoint\.template\)/);
});

function oneStep(name: string, command: string, named: 'name' | 'generateName' = 'name'): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  ${named}: ${name}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, ${JSON.stringify(command)}]}
`;
}

/** The JSON objects of a stream of pretty-printed ones (what -o json prints for several workflows). */
function jsonStream(text: string): Workflow[] {
  return text
    .split(/\n(?=\{)/)
    .filter((t) => t.trim())
    .map((t) => JSON.parse(t) as Workflow);
}

test('every Workflow of every file runs at once, as argo submit submits them all; -o json prints each in order', () => {
  // Three steps of a second each: one after another they would take three seconds.
  const two = file(
    'two.yaml',
    `${oneStep('cli-first', 'sleep 1')}---\n${oneStep('cli-second-', 'sleep 1', 'generateName')}`,
  );
  const third = file('third.yaml', oneStep('cli-third', 'sleep 1'));
  const began = performance.now();
  const r = nuncio('run', two, third, '-o', 'json', '-p', 'ignored=1');
  const took = performance.now() - began;
  assert.equal(r.code, 0, r.err);
  const finals = jsonStream(r.out);
  assert.deepEqual(
    finals.map((w) => [
      w.metadata.name?.replace(/^cli-second-[a-z0-9]{5}$/, 'cli-second-*'),
      w.status?.phase,
    ]),
    [
      ['cli-first', 'Succeeded'],
      ['cli-second-*', 'Succeeded'],
      ['cli-third', 'Succeeded'],
    ],
  );
  assert.ok(took < 2700, `three one-second workflows took ${Math.round(took)} ms: they did not run at once`);
  assert.equal(r.err, '');
});

test('several workflows: plain lines and summaries for each, exit 1 when any one failed', () => {
  const mixed = file(
    'mixed.yaml',
    `${oneStep('cli-ok-', 'true', 'generateName')}---\n${oneStep('cli-bad-', 'exit 3', 'generateName')}`,
  );
  const r = nuncio('run', mixed);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /cli-ok-\w{5} \(Workflow\) Succeeded/);
  assert.match(r.out, /cli-bad-\w{5} \(Workflow\) Failed/);
  assert.equal(r.out.match(/^Name: /gm)?.length, 2, r.out);
  const names = nuncio('run', mixed, '-o', 'name');
  assert.equal(names.code, 1);
  assert.match(names.out, /^cli-ok-\w{5}\ncli-bad-\w{5}\n$/);
});

test("several workflows that cannot all be named as asked: exit 2 or the store's conflict, and none runs", () => {
  const same = file('same.yaml', `${oneStep('cli-same', 'true')}---\n${oneStep('cli-same', 'true')}`);
  let r = nuncio('run', same);
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /same\.yaml:14:9: a second Workflow is named "cli-same" \(the first is in .*same\.yaml\)/,
  );
  assert.match(r.err, /field: metadata\.name/);
  assert.doesNotMatch(r.err, /\n\s+at /);

  const pair = file('pair.yaml', `${oneStep('cli-pair-a', 'true')}---\n${oneStep('cli-pair-b', 'true')}`);
  r = nuncio('run', pair, '--name', 'cli-renamed');
  assert.equal(r.code, 2);
  assert.match(r.err, /--name names one workflow, and .*pair\.yaml holds 2 Workflows/);

  r = nuncio('run', '-', '-');
  assert.equal(r.code, 2);
  assert.match(r.err, /standard input \(-\) is given more than once/);

  const taken = file('taken.yaml', oneStep('cli-taken', 'true'));
  assert.equal(nuncio('run', taken, '-o', 'name').code, 0);
  const fresh = file('fresh.yaml', oneStep('cli-fresh', 'true'));
  r = nuncio('run', fresh, taken);
  assert.equal(r.code, 1);
  assert.match(r.err, /workflows\.argoproj\.io "cli-taken" already exists/);
  assert.equal(nuncio('get', 'cli-fresh').code, 2, 'the workflow before the taken name was not started');
});

test('a run whose process is killed ends Error at the next list, with its unfinished node', async () => {
  const wf = file(
    'killed.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: cli-killed
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sleep, "30"]}
`,
  );
  const run = spawn(process.execPath, [join(root, 'bin', 'nuncio'), 'run', wf], {
    env: { ...process.env, NUNCIO_HOME: join(dir, 'home') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // Running once the pod's Running line is printed.
  await new Promise<void>((ok) => {
    let seen = '';
    run.stdout.on('data', (c: Buffer) => {
      seen += c.toString('utf8');
      if (/\(Pod\) Running/.test(seen)) ok();
    });
  });
  assert.match(nuncio('list').out, /cli-killed +Running/);
  run.kill('SIGKILL');
  await new Promise((ok) => run.on('exit', ok));
  const list = nuncio('list');
  assert.match(
    list.out,
    /cli-killed +Error .*the nuncio process that ran it \(pid \d+\) ended before it did/,
  );
  const got = JSON.parse(nuncio('get', 'cli-killed', '-o', 'json').out) as Workflow;
  assert.deepEqual(
    Object.values(got.status?.nodes ?? {}).map((n) => n.phase),
    ['Error'],
  );
});

test('-f reads parameters from a file as argo submit --parameter-file does; -p wins', () => {
  const params = file('params.yaml', 'who: file\nwhere: home\nnums: [1, 2]\nobj: {b: x, a: 1}\n');
  const r = nuncio('run', steps, '--name', 'cli-params', '-f', params, '-p', 'who=cli', '-o', 'json');
  assert.equal(r.code, 0, r.err);
  const args = (JSON.parse(r.out) as Workflow).spec.arguments?.parameters ?? [];
  assert.deepEqual(
    args.map((p) => [p.name, p.value]),
    [
      ['who', 'cli'],
      ['where', 'home'],
      ['nums', '[1,2]'],
      ['obj', '{"a":1,"b":"x"}'],
    ],
  );
  const bad = nuncio('run', steps, '-f', file('list.yaml', '- a\n- b\n'));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /list\.yaml: a parameter file must be a mapping of name to value/);
});

test('a file holding only a CronWorkflow runs its workflowSpec once, labelled as Argo labels cron runs', () => {
  const cron = file(
    'cron.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ["0 3 * * *"]
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: busybox, command: [sh, -c, "echo scheduled {{workflow.scheduledTime}}"]}
`,
  );
  const r = nuncio('run', cron, '-o', 'json');
  assert.equal(r.code, 0, r.err);
  const wf = JSON.parse(r.out) as Workflow;
  assert.match(wf.metadata.name ?? '', /^nightly-\w{5}$/);
  assert.equal(wf.metadata.labels?.['workflows.argoproj.io/cron-workflow'], 'nightly');
  const logs = nuncio('logs', wf.metadata.name ?? '');
  assert.match(logs.out, /scheduled \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
});

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;
const noTerminal = hasScript
  ? false
  : 'util-linux `script` (to give the command a terminal) is not installed';

/** `nuncio run FILE` in a terminal of 120×40 (util-linux `script`); its status and its last frame, uncoloured. */
function runInTerminal(file: string): {
  status: number | null;
  stdout: string;
  stderr: string;
  last: string;
} {
  const r = spawnSync(
    'script',
    ['-qec', `${process.execPath} ${join(root, 'bin', 'nuncio')} run ${file}`, '/dev/null'],
    {
      env: { ...process.env, NUNCIO_HOME: join(dir, 'home-tty'), COLUMNS: '120', LINES: '40' },
      encoding: 'utf8',
    },
  );
  // each frame starts by clearing the screen
  const last = r.stdout.slice(r.stdout.lastIndexOf('\x1b[H\x1b[2J')).replace(/\x1b\[[0-9;]*m/g, '');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, last };
}

test('in a terminal, run redraws the node tree as argo watch does', { skip: noTerminal }, () => {
  const r = runInTerminal(steps);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes('\x1b[H\x1b[2J'), 'no screen clear');
  // the last frame shows the finished tree
  assert.match(r.last, /Status:\s+Succeeded/);
  assert.match(r.last, /STEP\s.*TEMPLATE\s.*PODNAME/);
  assert.match(r.last, /hello\s+say\s+cli-steps-say-\d+/);
});

test('in a terminal, several workflows are drawn one below the other', { skip: noTerminal }, () => {
  const pair = file('tty-pair.yaml', `${oneStep('cli-tty-a', 'true')}---\n${oneStep('cli-tty-b', 'exit 1')}`);
  const r = runInTerminal(pair);
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.last,
    /Name:\s+cli-tty-a[\s\S]*Status:\s+Succeeded[\s\S]*Name:\s+cli-tty-b[\s\S]*Status:\s+Failed/,
  );
});

test('self-reported progress: a step writes N/M to ARGO_PROGRESS_FILE, read at ARGO_PROGRESS_FILE_TICK_DURATION', () => {
  const withTick = (tick: string, name: string, shell: string) =>
    spawnSync(
      process.execPath,
      [join(root, 'bin', 'nuncio'), 'run', file(`${name}.yaml`, oneStep(name, shell)), '-o', 'json'],
      {
        env: { ...process.env, NUNCIO_HOME: join(dir, 'home'), ARGO_PROGRESS_FILE_TICK_DURATION: tick },
        encoding: 'utf8',
      },
    );
  // Failed keeps what the step reported last; Succeeded completes it (M/M).
  let r = withTick('50ms', 'cli-progress-failed', 'echo 2/5 > "$ARGO_PROGRESS_FILE"; sleep 1; exit 1');
  assert.equal(r.status, 1, r.stderr);
  let wf = JSON.parse(r.stdout) as Workflow;
  assert.equal(wf.status?.nodes?.[wf.metadata.name!]?.progress, '2/5');
  assert.equal(wf.status?.progress, '2/5');
  r = withTick('50ms', 'cli-progress-done', 'echo 2/5 > "$ARGO_PROGRESS_FILE"; sleep 1');
  assert.equal(r.status, 0, r.stderr);
  wf = JSON.parse(r.stdout) as Workflow;
  assert.equal(wf.status?.progress, '5/5');
  // 0 turns it off, as in Argo: no file for the step.
  r = withTick('0', 'cli-progress-off', 'echo "[$ARGO_PROGRESS_FILE]"');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(nuncio('logs', 'cli-progress-off').out.trim().split(/:\s*/).at(-1), '[]');
  r = withTick('soon', 'cli-progress-bad', 'true');
  assert.equal(r.status, 0);
  assert.match(r.stderr, /ARGO_PROGRESS_FILE_TICK_DURATION=soon is not a duration \(such as 3s or 500ms\)/);
});

/** Runs nuncio with its stdout on a pipe that is closed after the first chunk; its status and stderr. */
function withReaderGone(...args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, [join(root, 'bin', 'nuncio'), ...args], {
      env: { ...process.env, NUNCIO_HOME: join(dir, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
    });
    p.stdout.once('data', () => p.stdout.destroy());
    p.on('close', (code) => ok({ code, err }));
  });
}

test('a reader that goes away: a read verb ends with 141 and no stack, run keeps its workflow running', async () => {
  const long = file(
    'pipe.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: cli-pipe
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: s}
    - - {name: b, template: s}
    - - {name: c, template: s}
  - name: s
    container: {image: busybox, command: [sh, -c, "sleep 0.2; seq 1 2000"]}
`,
  );
  const run = await withReaderGone('run', long);
  assert.equal(run.code, 0, run.err);
  assert.doesNotMatch(run.err, /EPIPE|\n\s+at /);
  const get = nuncio('get', 'cli-pipe', '-o', 'json');
  assert.equal((JSON.parse(get.out) as Workflow).status?.phase, 'Succeeded');
  const logs = await withReaderGone('logs', 'cli-pipe');
  assert.equal(logs.code, 141, logs.err);
  assert.equal(logs.err, '');
});
