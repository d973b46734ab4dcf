/**
 * @module cli/commands/list
 * `nuncio list`: `argo list` over the workflows kept in `$NUNCIO_HOME`.
 */

import { stringify } from 'yaml';
import { openLocalStore } from '../../main/local-store.ts';
import type { WorkflowPhase } from '../../spec/types.ts';
import type { ListOptions } from '../../store/store.ts';
import { oneOf } from '../options.ts';
import { renderList } from '../render/index.ts';

export interface ListFlags {
  output?: string;
  status?: string;
  prefix?: string;
  running?: boolean;
  completed?: boolean;
  headers?: boolean;
  namespace?: string;
}

export async function listCommand(flags: ListFlags): Promise<number> {
  const output = oneOf('--output', flags.output, ['wide', 'name', 'json', 'yaml'] as const);
  const options: ListOptions = {};
  if (flags.namespace) options.namespace = flags.namespace;
  if (flags.prefix) options.namePrefix = flags.prefix;
  let phases: WorkflowPhase[] | undefined;
  if (flags.status) {
    phases = flags.status.split(',').map((s) => {
      const p = s.trim();
      return oneOf('--status', p, ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'] as const)!;
    });
  }
  if (flags.running) phases = ['Pending', 'Running'];
  if (flags.completed) phases = ['Succeeded', 'Failed', 'Error'];
  if (phases) options.phases = phases;
  const store = await openLocalStore();
  try {
    const rows = await store.listWorkflows(options);
    if (output === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (output === 'yaml') process.stdout.write(stringify(rows));
    else {
      process.stdout.write(
        renderList(rows, {
          output: output ?? 'default',
          now: Date.now(),
          noHeaders: flags.headers === false,
          allNamespaces: !flags.namespace,
        }),
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
