/**
 * @module controller/exec-types
 * What the template handlers (steps, DAG, pod, suspend, exit handlers) share without importing the
 * dispatcher: the options of one execution, the processed template a handler gets, the signature of
 * `executeTemplate` (handlers call it through `RunContext.execute`, which keeps the module graph acyclic),
 * and Argo's way of ending a node in Error.
 */

import { isNuncioError } from '../errors/index.ts';
import type { Arguments, NodeStatus, NodeType, Template } from '../spec/types.ts';
import type { RunContext } from './context.ts';
import type { TemplateContext, TemplateHolder } from './templates.ts';

export interface ExecOpts {
  /** ID of the enclosing Steps/DAG node. */
  boundaryID?: string;
  /** The node whose execution drives this one (for dirty propagation). */
  parentId?: string;
  /** Exit handlers run even when the workflow is stopping (not when terminating). */
  onExitTemplate?: boolean;
  nodeFlag?: NodeStatus['nodeFlag'];
  /** The enclosing template refers to this step's `outputs.result`: capture stdout. */
  captureResult?: boolean;
}

/** What a handler gets: the processed template and where it came from. */
export interface TemplateRun {
  nodeName: string;
  holder: TemplateHolder;
  tmpl: Template;
  tmplCtx: TemplateContext;
  templateScope: string;
  opts: ExecOpts;
}

/**
 * Runs or continues the node `nodeName` for the template `holder` refers to. Returns undefined when the
 * node could not be created yet (a parallelism limit); the caller retries when a slot frees.
 */
export type Execute = (
  ctx: RunContext,
  nodeName: string,
  holder: TemplateHolder,
  tmplCtx: TemplateContext,
  args: Arguments | undefined,
  opts: ExecOpts,
) => NodeStatus | undefined;

export function holderFields(holder: TemplateHolder): Pick<NodeStatus, 'templateName' | 'templateRef'> {
  const out: Pick<NodeStatus, 'templateName' | 'templateRef'> = {};
  if (holder.template) out.templateName = holder.template;
  if (holder.templateRef) out.templateRef = holder.templateRef;
  return out;
}

/**
 * Argo's initializeNodeOrMarkError: an existing node ends in Error; otherwise a node of type Skipped in
 * phase Error is created. Either way the error is recorded so that the enclosing step group or DAG task
 * reports it (`step group deemed errored due to child ...`, `task '...' errored: ...`).
 */
export function nodeError(
  ctx: RunContext,
  existing: NodeStatus | undefined,
  nodeName: string,
  _type: NodeType,
  holder: TemplateHolder,
  templateScope: string,
  opts: ExecOpts,
  message: string,
): NodeStatus {
  if (existing) {
    ctx.markPhase(existing, 'Error', message);
    ctx.executeErrors.set(existing.id, message);
    return existing;
  }
  const node = ctx.initNode({
    name: nodeName,
    type: 'Skipped',
    phase: 'Error',
    boundaryID: opts.boundaryID,
    templateScope,
    message,
    nodeFlag: opts.nodeFlag,
    ...holderFields(holder),
  });
  if (opts.parentId) ctx.link(opts.parentId, node.id);
  ctx.executeErrors.set(node.id, message);
  return node;
}

export function errorMessage(e: unknown): string {
  if (isNuncioError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
