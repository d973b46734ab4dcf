/**
 * @module cli/main
 * The `nuncio` command. Verbs follow Argo's CLI (`run`, `lint`, `list`, `get`, `logs`, ...); each command
 * module is imported only when its verb is used, so that start-up stays fast.
 */

import { Command } from 'commander';
import { guardBrokenPipes } from './broken-pipe.ts';
import { exitCodeFor, formatError } from './errors.ts';
import { collect } from './options.ts';

function action<A extends unknown[]>(load: () => Promise<(...args: A) => Promise<number>>) {
  return async (...args: A) => {
    const run = await load();
    process.exitCode = await run(...args);
  };
}

export function program(): Command {
  const p = new Command('nuncio')
    .description('Run Argo Workflows on this machine: the same YAML, in milliseconds per step.')
    .option('--verbose', 'print stack traces of errors')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (s, write) => write(s) });

  p.command('run')
    .description(
      'lint and run workflows here, show their progress, exit 0 when all Succeeded, 1 when not, 2 when the input is invalid',
    )
    .argument(
      '<files...>',
      'Workflow YAML (may also hold WorkflowTemplates and ConfigMaps); every Workflow of every file runs; - reads standard input',
    )
    .option('-p, --parameter <name=value>', 'set a workflow argument (repeatable)', collect)
    .option(
      '-f, --parameter-file <file>',
      'set workflow arguments from a YAML or JSON mapping of name to value (-p wins)',
    )
    .option('--entrypoint <template>', 'run this template instead of spec.entrypoint')
    .option(
      '--templates <dir>',
      'load WorkflowTemplates, ClusterWorkflowTemplates and ConfigMaps from here (repeatable)',
      collect,
    )
    .option('-o, --output <format>', 'json|yaml|name: print only the final Workflow')
    .option('--log', 'print the steps\u2019 logs as they run')
    .option(
      '--name <name>',
      'name the workflow (instead of metadata.name or generateName); one workflow only',
    )
    .option('-n, --namespace <namespace>', 'namespace of the workflow', undefined)
    .option('--no-sandbox', 'run steps as plain processes, without bubblewrap')
    .action(
      action(async () => {
        const { runCommand } = await import('./commands/run.ts');
        return (files: string[], flags: Parameters<typeof runCommand>[1]) => runCommand(files, flags);
      }),
    );

  p.command('lint')
    .description('check workflows and templates like `argo lint`; exit 1 when any has an error')
    .argument('<paths...>', 'files or directories; - reads standard input')
    .option('--kinds <kinds>', 'kinds to lint: all, or a comma list of wf, wftmpl, cwftmpl, cronwf', 'all')
    .option('-o, --output <format>', 'pretty|simple', 'pretty')
    .action(
      action(async () => {
        const { lintCommand } = await import('./commands/lint.ts');
        return (paths: string[], flags: Parameters<typeof lintCommand>[1]) => lintCommand(paths, flags);
      }),
    );

  p.command('list')
    .description('list workflows')
    .option('-o, --output <format>', 'wide|name|json|yaml')
    .option('--status <phases>', 'only these phases (comma list)')
    .option('--prefix <prefix>', 'only names with this prefix')
    .option('--running', 'only running workflows')
    .option('--completed', 'only completed workflows')
    .option('--no-headers', 'do not print the header line')
    .option('-n, --namespace <namespace>', 'only this namespace')
    .action(
      action(async () => {
        const { listCommand } = await import('./commands/list.ts');
        return (flags: Parameters<typeof listCommand>[0]) => listCommand(flags);
      }),
    );

  p.command('get')
    .description('show a workflow and its node tree')
    .argument('<name>', 'workflow name (or @latest)')
    .option('-o, --output <format>', 'json|yaml|wide|short|name')
    .option('--status <phase>', 'only nodes in this phase')
    .option('--node-field-selector <selector>', 'only nodes matching, e.g. displayName=hello')
    .option('--no-color', 'no colours')
    .option('--no-utf8', 'ASCII only')
    .option('-n, --namespace <namespace>', 'namespace', 'default')
    .action(
      action(async () => {
        const { getCommand } = await import('./commands/get.ts');
        return (name: string, flags: Parameters<typeof getCommand>[1]) => getCommand(name, flags);
      }),
    );

  p.command('logs')
    .description('print the logs of a workflow\u2019s steps')
    .argument('<name>', 'workflow name (or @latest)')
    .argument('[pod]', 'only this pod (name or node ID)')
    .option('--node <id>', 'only this node (ID, name or display name)')
    .option('-c, --container <name>', 'container', 'main')
    .option('-f, --follow', 'keep printing until the workflow completes')
    .option('--tail <n>', 'only the last n lines')
    .option('--grep <pattern>', 'only lines matching')
    .option('--timestamps', 'prefix lines with their time')
    .option('--no-color', 'no colours')
    .option('-n, --namespace <namespace>', 'namespace', 'default')
    .action(
      action(async () => {
        const { logsCommand } = await import('./commands/logs.ts');
        return (name: string, pod: string | undefined, flags: Parameters<typeof logsCommand>[2]) =>
          logsCommand(name, pod, flags);
      }),
    );

  for (const verb of ['suspend', 'resume', 'stop', 'terminate'] as const) {
    const c = p
      .command(verb)
      .description(
        {
          suspend: 'suspend running workflows: no new steps start',
          resume: 'resume suspended workflows, or the suspend nodes that match --node-field-selector',
          stop: 'stop workflows: running steps are stopped, exit handlers still run',
          terminate: 'terminate workflows: running steps are stopped, exit handlers do not run',
        }[verb],
      )
      .argument('<names...>', 'workflow names (or @latest)')
      .option('-n, --namespace <namespace>', 'namespace', 'default');
    if (verb === 'resume')
      c.option('--node-field-selector <selector>', 'only these suspend nodes, e.g. displayName=approve');
    if (verb === 'stop') c.option('--message <text>', 'the message the workflow ends with');
    c.action(
      action(async () => {
        const { controlCommand } = await import('./commands/control.ts');
        return (names: string[], flags: Parameters<typeof controlCommand>[2]) =>
          controlCommand(verb, names, flags);
      }),
    );
  }

  p.command('version')
    .description('print the version')
    .action(
      action(async () => {
        const { versionCommand } = await import('./commands/version.ts');
        return () => versionCommand();
      }),
    );
  return p;
}

export async function main(argv: string[]): Promise<void> {
  // The verb is the first word that is not a flag (`nuncio --verbose run ...`).
  guardBrokenPipes(argv.slice(2).find((a) => !a.startsWith('-')) === 'run');
  const p = program();
  try {
    await p.parseAsync(argv);
  } catch (e) {
    const verbose = argv.includes('--verbose');
    process.stderr.write(formatError(e, verbose));
    process.exitCode = exitCodeFor(e);
  }
}
