/**
 * @module cli/commands/get
 * `nuncio get NAME`: `argo get` — the header block and node tree, or the whole object with `-o json|yaml`
 * (the same shape `argo get -o json` prints).
 */

import { stringify } from 'yaml';
import { openLocalStore } from '../../main/local-store.ts';
import { oneOf } from '../options.ts';
import { renderWorkflow } from '../render/index.ts';
import { findWorkflow } from './workflow-ref.ts';

export interface GetFlags {
  output?: string;
  status?: string;
  nodeFieldSelector?: string;
  color?: boolean;
  utf8?: boolean;
  namespace?: string;
}

export async function getCommand(name: string, flags: GetFlags): Promise<number> {
  const output = oneOf('--output', flags.output, ['json', 'yaml', 'wide', 'short', 'name'] as const);
  const store = await openLocalStore();
  try {
    const wf = await findWorkflow(store, flags.namespace ?? 'default', name);
    if (output === 'json') process.stdout.write(`${JSON.stringify(wf, null, 2)}\n`);
    else if (output === 'yaml') process.stdout.write(stringify(wf));
    else if (output === 'name') process.stdout.write(`${wf.metadata.name}\n`);
    else {
      process.stdout.write(
        renderWorkflow(wf, {
          output: output ?? 'default',
          now: Date.now(),
          color: flags.color !== false && process.stdout.isTTY === true,
          utf8: flags.utf8 !== false,
          ...(flags.status ? { status: flags.status } : {}),
          ...(flags.nodeFieldSelector ? { nodeFieldSelector: flags.nodeFieldSelector } : {}),
        }),
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
