/**
 * @module cli/commands/logs
 * `nuncio logs NAME [POD]`: `argo logs` — each line as `<pod name>: <line>`, oldest first, from the logs
 * kept per node in the store. `--node` (or POD) picks one node by ID, pod name, node name or display
 * name; `-f` keeps reading until the workflow has completed and every line was printed.
 */

import { NotFoundError } from '../../errors/index.ts';
import { openLocalStore } from '../../main/local-store.ts';
import { podName } from '../../spec/names.ts';
import type { NodeStatus, Workflow } from '../../spec/types.ts';
import type { StoredLogLine, WorkflowStore } from '../../store/store.ts';
import { findWorkflow } from './workflow-ref.ts';

export interface LogsFlags {
  node?: string;
  container?: string;
  follow?: boolean;
  tail?: string;
  grep?: string;
  timestamps?: boolean;
  namespace?: string;
}

function podOf(wf: Workflow, n: NodeStatus): string {
  return podName(wf.metadata.name ?? '', n.name, n.templateRef?.template ?? n.templateName ?? '');
}

function pickNode(wf: Workflow, key: string): NodeStatus {
  const nodes = Object.values(wf.status?.nodes ?? {});
  const n =
    nodes.find((x) => x.id === key) ??
    nodes.find((x) => x.type === 'Pod' && podOf(wf, x) === key) ??
    nodes.find((x) => x.name === key) ??
    nodes.find((x) => x.displayName === key);
  if (!n) {
    throw new NotFoundError(`no node '${key}' in workflow ${wf.metadata.name}`, {
      hint: `\`nuncio get ${wf.metadata.name}\` lists its nodes and pods`,
    });
  }
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function logsCommand(name: string, pod: string | undefined, flags: LogsFlags): Promise<number> {
  const store: WorkflowStore = await openLocalStore();
  try {
    let wf = await findWorkflow(store, flags.namespace ?? 'default', name);
    const uid = wf.metadata.uid!;
    const key = flags.node ?? pod;
    const nodeId = key ? pickNode(wf, key).id : undefined;
    const grep = flags.grep ? new RegExp(flags.grep) : undefined;
    const container = flags.container ?? 'main';
    const print = (lines: StoredLogLine[]) => {
      for (const l of lines) {
        if (grep && !grep.test(l.content)) continue;
        const node = wf.status?.nodes?.[l.nodeId];
        const prefix = node ? podOf(wf, node) : l.nodeId;
        process.stdout.write(`${prefix}: ${flags.timestamps ? `${l.time} ` : ''}${l.content}\n`);
      }
    };
    const base = { container, ...(nodeId ? { nodeId } : {}) };
    const tail = flags.tail !== undefined ? Number(flags.tail) : undefined;
    let lines = await store.readLogs(uid, tail !== undefined && tail >= 0 ? { ...base, tail } : base);
    print(lines);
    let seq = lines.at(-1)?.seq ?? 0;
    while (flags.follow) {
      const completed = ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase ?? '');
      await sleep(200);
      lines = await store.readLogs(uid, { ...base, afterSeq: seq });
      const fresh = await store.getWorkflowByUid(uid);
      if (fresh) wf = fresh;
      print(lines);
      seq = lines.at(-1)?.seq ?? seq;
      if (completed && lines.length === 0) break;
    }
    return 0;
  } finally {
    await store.close();
  }
}
