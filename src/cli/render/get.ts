/**
 * @module cli/render/get
 * The text of `argo get WORKFLOW` (cmd/argo/commands/common/get.go `PrintWorkflowHelper`): a header block of
 * `%-20s %v` lines, then a blank line and the node table (tree.ts) aligned like Go's tabwriter with two
 * spaces of padding. `-o short` prints the table alone; `-o wide` adds the ARTIFACTS, RESOURCESDURATION and
 * NODENAME columns. Rendering is pure: the clock (`now`) and the zone of printed times are parameters.
 *
 * Header lines, in order, each only when it applies: Name, Namespace, ServiceAccount, Status, Message,
 * Conditions, Created, Started, Finished, Duration, EstimatedDuration (running only), Progress (always),
 * ResourcesDuration, Parameters, Output Parameters, Output Artifacts.
 */

import type { Workflow, WorkflowSpec } from '../../spec/types.ts';
import { artifactLocationText } from './artifact-text.ts';
import { humanDuration, isZeroTime, parseTime, relativeDuration } from './duration.ts';
import { conditionIcon } from './icons.ts';
import { parseNodeSelector } from './node-selector.ts';
import { tabwrite } from './table.ts';
import { formatTimestamp } from './time-format.ts';
import { resourcesDurationText, type TreeOutput, treeRows } from './tree.ts';
import { workflowStatusText } from './workflow-status.ts';

export interface RenderWorkflowOptions {
  output: TreeOutput;
  /** The current time (epoch ms): relative times and running durations are measured against it. */
  now: number;
  /** ANSI colours (`--no-color` turns them off). */
  color: boolean;
  /** Unicode marks and tree lines (`--no-utf8` turns them off). */
  utf8: boolean;
  /** Show only the nodes matching this field selector (`--node-field-selector`). */
  nodeFieldSelector?: string;
  /** Show only the nodes in this phase (`--status`; the same as `phase=<status>`). */
  status?: string;
  /** IANA zone for printed times; `argo` prints in the local zone. Default UTC. */
  timeZone?: string;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Go's `fmt.Sprintf("%-20s %v\n", label, value)`. */
export function headerLine(label: string, value: string): string {
  return `${label}${' '.repeat(Math.max(0, 20 - codePointLength(label)))} ${value}\n`;
}

/** The spec the workflow runs: the stored copy of its WorkflowTemplate's spec when there is one. */
function execSpec(wf: Workflow): WorkflowSpec {
  return wf.status?.storedWorkflowTemplateSpec ?? wf.spec;
}

function headerBlock(wf: Workflow, opts: RenderWorkflowOptions): string {
  const status = wf.status;
  const style = { color: opts.color, utf8: opts.utf8 };
  const zone = opts.timeZone ?? 'UTC';
  let out = '';
  out += headerLine('Name:', wf.metadata.name ?? '');
  out += headerLine('Namespace:', wf.metadata.namespace ?? '');
  let serviceAccount = execSpec(wf).serviceAccountName ?? '';
  if (!serviceAccount) {
    serviceAccount = wf.spec.workflowTemplateRef
      ? 'unset'
      : 'unset (will run with the default ServiceAccount)';
  }
  out += headerLine('ServiceAccount:', serviceAccount);
  out += headerLine('Status:', workflowStatusText(wf));
  if (status?.message) out += headerLine('Message:', status.message);
  const conditions = status?.conditions ?? [];
  if (conditions.length > 0) {
    out += headerLine('Conditions:', '');
    for (const c of conditions) {
      out += headerLine(`${conditionIcon(c.type, style)} ${c.type}`, c.message || c.status);
    }
  }
  out += headerLine('Created:', formatTimestamp(parseTime(wf.metadata.creationTimestamp), opts.now, zone));
  const started = parseTime(status?.startedAt);
  const finished = parseTime(status?.finishedAt);
  if (!isZeroTime(started)) out += headerLine('Started:', formatTimestamp(started, opts.now, zone));
  if (!isZeroTime(finished)) out += headerLine('Finished:', formatTimestamp(finished, opts.now, zone));
  if (!isZeroTime(started)) out += headerLine('Duration:', relativeDuration(started, finished, opts.now));
  if (status?.phase === 'Running' && (status.estimatedDuration ?? 0) > 0) {
    out += headerLine('EstimatedDuration:', humanDuration((status.estimatedDuration ?? 0) * 1000));
  }
  out += headerLine('Progress:', status?.progress ?? '');
  if (Object.keys(status?.resourcesDuration ?? {}).length > 0) {
    out += headerLine('ResourcesDuration:', resourcesDurationText(status?.resourcesDuration));
  }
  const parameters = execSpec(wf).arguments?.parameters ?? [];
  if (parameters.length > 0) {
    out += headerLine('Parameters:', '');
    for (const p of parameters) if (p.value !== undefined) out += headerLine(`  ${p.name}:`, p.value);
  }
  const outputs = status?.outputs;
  if (outputs?.parameters?.length) {
    out += headerLine('Output Parameters:', '');
    for (const p of outputs.parameters) {
      if (p.value !== undefined || p.default !== undefined || p.valueFrom !== undefined) {
        out += headerLine(`  ${p.name}:`, p.value ?? p.default ?? '');
      }
    }
  }
  if (outputs?.artifacts?.length) {
    out += headerLine('Output Artifacts:', '');
    for (const a of outputs.artifacts) {
      const location = artifactLocationText(a);
      if (location !== undefined) out += headerLine(`  ${a.name}:`, location);
    }
  }
  return out;
}

/**
 * `argo get` for one workflow. Throws a NuncioError when both `status` and `nodeFieldSelector` are given or
 * the selector is malformed.
 */
export function renderWorkflow(wf: Workflow, opts: RenderWorkflowOptions): string {
  const select = parseNodeSelector(opts);
  const header = headerBlock(wf, opts);
  const rows = treeRows(wf, {
    output: opts.output,
    now: opts.now,
    color: opts.color,
    utf8: opts.utf8,
    select,
  });
  if (!rows) return header;
  const table = tabwrite(`${rows.join('\n')}\n`, { padding: 2 });
  return opts.output === 'short' ? table : `${header}\n${table}`;
}
