/**
 * @module cli/commands/control
 * `nuncio suspend|resume|stop|terminate NAME...`: Argo's verbs for a running workflow. In embedded mode
 * the request is left in the store, where the process running the workflow takes it within a quarter of
 * a second. A completed workflow cannot be changed (Argo's wording).
 */

import { ErrorCode, NuncioError } from '../../errors/index.ts';
import { openLocalStore } from '../../main/local-store.ts';
import type { ControlRequest } from '../../store/store.ts';
import { findWorkflow } from './workflow-ref.ts';

export type ControlVerb = 'suspend' | 'resume' | 'stop' | 'terminate';

export interface ControlFlags {
  namespace?: string;
  nodeFieldSelector?: string;
  message?: string;
}

const done: Record<ControlVerb, string> = {
  suspend: 'suspended',
  resume: 'resumed',
  stop: 'stopped',
  terminate: 'terminated',
};

function requestFor(verb: ControlVerb, flags: ControlFlags): ControlRequest {
  switch (verb) {
    case 'suspend':
      return { type: 'suspend' };
    case 'resume':
      return flags.nodeFieldSelector
        ? { type: 'resume', nodeFieldSelector: flags.nodeFieldSelector }
        : { type: 'resume' };
    case 'stop':
      return flags.message
        ? { type: 'shutdown', strategy: 'Stop', message: flags.message }
        : { type: 'shutdown', strategy: 'Stop' };
    case 'terminate':
      return { type: 'shutdown', strategy: 'Terminate' };
  }
}

export async function controlCommand(
  verb: ControlVerb,
  names: string[],
  flags: ControlFlags,
): Promise<number> {
  const store = await openLocalStore();
  try {
    for (const name of names) {
      const wf = await findWorkflow(store, flags.namespace ?? 'default', name);
      const phase = wf.status?.phase ?? '';
      if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') {
        throw new NuncioError(ErrorCode.BadRequest, `cannot ${verb} completed workflow ${wf.metadata.name}`, {
          hint: `the workflow ended ${phase}`,
        });
      }
      await store.sendControl(wf.metadata.uid!, requestFor(verb, flags));
      process.stdout.write(`workflow ${wf.metadata.name} ${done[verb]}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
