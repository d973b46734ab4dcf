/**
 * @module cli/render/tree
 * The node tree of `argo get`, built and drawn as Argo's printer does it (cmd/argo/commands/common/get.go).
 *
 * Building (nesting follows boundaries, not the `children` graph):
 * - Steps and DAG nodes are *boundaries*: every node whose `boundaryID` names one is drawn inside it;
 * - StepGroup and Retry nodes are *parents*: their `children` are drawn under them, whatever their boundary;
 * - Pod, Skipped, Suspend, HTTP and Plugin nodes are leaves. TaskGroup and Container nodes are not drawn, so
 *   the items of a DAG loop appear directly in the DAG;
 * - a node that is in no parent's `children` and has no boundary is a root. Only the workflow's own node and
 *   the `<wf>.onExit` node are drawn (workflow-level hooks are roots too, and are not drawn, as in Argo);
 * - siblings are ordered by start time, then by loop index when both display names carry one (`x(3:c)`),
 *   else (and for exact ties, which Argo leaves in random order) by display name, then node ID.
 *
 * Drawing: a StepGroup is not printed; its children hang from the group's own position with `┬─`, `├─`,
 * `└─` (`──` for an only child), so each step group reads as one fork. A Retry node with a single attempt
 * is not printed either (the attempt takes its place), nor are Omitted nodes, nor nodes the selector rejects.
 * Otherwise children are drawn with `├─` and `└─` and their descendants continue under `│ `. With
 * `utf8: false` the same shapes are `+-`, `|-`, `` `- ``, `--` and `| `.
 */

import type { NodeStatus, Workflow } from '../../spec/types.ts';
import { goDurationString, parseTime, relativeDurationShort } from './duration.ts';
import { ansiFormat, type MarkStyle, nodeTypeIcon, phaseIcon, Sgr } from './icons.ts';
import type { NodeSelector } from './node-selector.ts';
import { nodeId, type PodNameVersion, podName, podNameVersion } from './pod-name.ts';
import { isActiveSuspendNode } from './workflow-status.ts';

export type TreeOutput = 'default' | 'wide' | 'short';

interface RenderNode {
  id: string;
  /** boundary: nodes inside a Steps/DAG node; parent: a StepGroup's or Retry's children; leaf: none. */
  kind: 'boundary' | 'parent' | 'leaf';
  contained: RenderNode[];
}

function kindOf(node: NodeStatus): RenderNode['kind'] | undefined {
  switch (node.type) {
    case 'Steps':
    case 'DAG':
      return 'boundary';
    case 'StepGroup':
    case 'Retry':
      return 'parent';
    case 'Pod':
    case 'Skipped':
    case 'Suspend':
    case 'HTTP':
    case 'Plugin':
      return 'leaf';
    default:
      return undefined;
  }
}

/** The loop index of a display name such as `print(2:hello)`, or -1 (Argo's `RecoverIndexFromNodeName`). */
export function loopIndex(displayName: string): number {
  const open = displayName.indexOf('(');
  const colon = displayName.indexOf(':');
  if (open < 0 || colon < 0 || colon < open + 1) return -1;
  const digits = displayName.slice(open + 1, colon);
  if (!/^[+-]?\d+$/.test(digits)) return -1;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : -1;
}

interface SortKey {
  id: string;
  time: number;
  index: number;
  displayName: string;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Argo inserts each node before the first sibling it sorts before; for this order that is the same as a
 * stable sort, which costs O(n log n) instead of O(n²) for a loop of thousands of items.
 */
function compareSiblings(a: SortKey, b: SortKey): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.index >= 0 && b.index >= 0 && a.index !== b.index) return a.index - b.index;
  // Argo leaves exact ties (retry attempts of one loop item started in the same second, say) in Go's random
  // map order; ordering them by display name, then ID, is one of its possible outputs and is stable.
  return compareText(a.displayName, b.displayName) || compareText(a.id, b.id);
}

/** Builds the forest; returns its roots by node ID. */
export function buildRenderTrees(nodes: Record<string, NodeStatus>): Map<string, RenderNode> {
  const roots = new Map<string, RenderNode>();
  const all: RenderNode[] = [];
  const boundaries = new Map<string, RenderNode>();
  /** Nodes waiting for their boundary, which has not been seen yet. */
  const waiting = new Map<string, RenderNode[]>();
  const parents = new Map<string, RenderNode>();
  const parentOf = new Map<string, RenderNode>();

  // First pass: parents must be known before their children are placed, whatever the order of the map.
  for (const [id, node] of Object.entries(nodes)) {
    if (kindOf(node) !== 'parent') continue;
    const r: RenderNode = { id, kind: 'parent', contained: [] };
    parents.set(id, r);
    for (const child of node.children ?? []) parentOf.set(child, r);
  }

  const attach = (r: RenderNode, boundaryID: string | undefined): boolean => {
    const parent = parentOf.get(r.id);
    if (parent) {
      parent.contained.push(r);
      return false;
    }
    if (!boundaryID) return true;
    const boundary = boundaries.get(boundaryID);
    if (boundary) boundary.contained.push(r);
    else {
      const list = waiting.get(boundaryID);
      if (list) list.push(r);
      else waiting.set(boundaryID, [r]);
    }
    return false;
  };

  for (const [id, node] of Object.entries(nodes)) {
    const kind = kindOf(node);
    if (!kind) continue;
    const r = kind === 'parent' ? parents.get(id)! : { id, kind, contained: [] };
    all.push(r);
    if (kind === 'boundary') boundaries.set(id, r);
    if (attach(r, node.boundaryID)) roots.set(id, r);
    if (kind === 'boundary') r.contained.push(...(waiting.get(id) ?? []));
  }

  const keys = new Map<string, SortKey>();
  const keyOf = (r: RenderNode): SortKey => {
    let k = keys.get(r.id);
    if (!k) {
      const node = nodes[r.id]!;
      k = {
        id: r.id,
        time: parseTime(node.startedAt),
        index: loopIndex(node.displayName),
        displayName: node.displayName,
      };
      keys.set(r.id, k);
    }
    return k;
  };
  for (const r of all)
    if (r.contained.length > 1) r.contained.sort((a, b) => compareSiblings(keyOf(a), keyOf(b)));
  return roots;
}

export interface TreeOptions extends MarkStyle {
  output: TreeOutput;
  now: number;
  select?: NodeSelector | undefined;
}

interface Shapes {
  first: string;
  middle: string;
  last: string;
  only: string;
  bar: string;
  blank: string;
}

const UTF8: Shapes = { first: '┬─', middle: '├─', last: '└─', only: '──', bar: '│ ', blank: '  ' };
const ASCII: Shapes = { first: '+-', middle: '|-', last: '`-', only: '--', bar: '| ', blank: '  ' };

/** A ResourcesDuration as Argo prints it: `1m5s*(1 cpu),30s*(100Mi memory)`. */
export function resourcesDurationText(rd: Record<string, number> | undefined): string {
  // Argo iterates a Go map here (random order); sorting the resource names keeps the output stable.
  const denominators: Record<string, string> = {
    memory: '100Mi',
    storage: '10Gi',
    'ephemeral-storage': '10Gi',
  };
  return Object.keys(rd ?? {})
    .sort()
    .map((name) => `${goDurationString(rd![name]!)}*(${denominators[name] ?? '1'} ${name})`)
    .join(',');
}

class TreePrinter {
  readonly rows: string[] = [];
  private readonly wf: Workflow;
  private readonly nodes: Record<string, NodeStatus>;
  private readonly opts: TreeOptions;
  private readonly shapes: Shapes;
  private readonly version: PodNameVersion;

  constructor(wf: Workflow, nodes: Record<string, NodeStatus>, opts: TreeOptions) {
    this.wf = wf;
    this.nodes = nodes;
    this.opts = opts;
    this.shapes = opts.utf8 ? UTF8 : ASCII;
    this.version = podNameVersion(wf);
  }

  /** [is hidden, do its children hang as a fork from its position]. */
  private filter(node: NodeStatus): [boolean, boolean] {
    if (node.type === 'Retry' && (node.children?.length ?? 0) === 1) return [true, false];
    if (node.type === 'StepGroup') return [true, true];
    if (node.type === 'Skipped' && node.phase === 'Omitted') return [true, false];
    if (this.opts.select && !this.opts.select(node)) return [true, false];
    return [false, false];
  }

  render(r: RenderNode, nodePrefix: string, childPrefix: string): void {
    const node = this.nodes[r.id]!;
    const [hidden, fork] = this.filter(node);
    if (!hidden) this.printNode(node, nodePrefix);
    const last = r.contained.length - 1;
    r.contained.forEach((child, i) => {
      this.renderChild(child, nodePrefix, childPrefix, hidden, fork, i, last);
    });
  }

  private renderChild(
    child: RenderNode,
    nodePrefix: string,
    childPrefix: string,
    parentHidden: boolean,
    fork: boolean,
    index: number,
    last: number,
  ): void {
    const s = this.shapes;
    let part = '';
    let sub = '';
    if (parentHidden && fork) {
      if (last === 0) [part, sub] = [s.only, s.blank];
      else if (index === 0) [part, sub] = [s.first, s.bar];
      else if (index === last) [part, sub] = [s.last, s.blank];
      else [part, sub] = [s.middle, s.bar];
    } else if (!parentHidden) {
      [part, sub] = index === last ? [s.last, s.blank] : [s.middle, s.bar];
    }
    // A hidden parent lends its own position to its first child.
    const base = parentHidden && index === 0 ? nodePrefix : childPrefix;
    this.render(child, base + part, childPrefix + sub);
  }

  private printNode(node: NodeStatus, prefix: string): void {
    const style = { color: this.opts.color, utf8: this.opts.utf8 };
    const icon = isActiveSuspendNode(node) ? nodeTypeIcon(node.type, style) : phaseIcon(node.phase, style);
    const name = `${prefix}${icon} ${node.displayName}`;
    const template = node.templateRef
      ? `${node.templateRef.name}/${node.templateRef.template}`
      : (node.templateName ?? '');
    const isPod = node.type === 'Pod';
    const pod = isPod ? podName(this.wf.metadata.name ?? '', node, this.version) : '';
    const duration = isPod
      ? relativeDurationShort(parseTime(node.startedAt), parseTime(node.finishedAt), this.opts.now)
      : '';
    const message = node.message ?? '';
    const host = isPod ? (node.hostNodeName ?? '') : '';
    let cells: string[];
    if (this.opts.output === 'wide') {
      const artifacts = (node.outputs?.artifacts ?? []).map((a) => a.name).join(',');
      cells = [
        name,
        template,
        pod,
        duration,
        artifacts,
        message,
        resourcesDurationText(node.resourcesDuration),
        host,
      ];
    } else if (this.opts.output === 'short') {
      cells = [name, template, pod, duration, message, host];
    } else {
      cells = [name, template, pod, duration, message, ''];
    }
    this.rows.push(cells.join('\t'));
  }
}

/**
 * The lines (tab-separated, before alignment) of the node table: the heading, the workflow's tree and, after
 * an empty separator line, the exit handler's tree. Undefined when the status has no node for the workflow
 * itself (Argo then prints no table).
 */
export function treeRows(wf: Workflow, opts: TreeOptions): string[] | undefined {
  const name = wf.metadata.name ?? '';
  const nodes = wf.status?.nodes;
  if (!nodes?.[name]) return undefined;
  const step = ansiFormat('STEP', Sgr.Default, opts.color);
  const heading =
    opts.output === 'wide'
      ? `${step}\tTEMPLATE\tPODNAME\tDURATION\tARTIFACTS\tMESSAGE\tRESOURCESDURATION\tNODENAME`
      : opts.output === 'short'
        ? `${step}\tTEMPLATE\tPODNAME\tDURATION\tMESSAGE\tNODENAME`
        : `${step}\tTEMPLATE\tPODNAME\tDURATION\tMESSAGE`;
  const roots = buildRenderTrees(nodes);
  const main = roots.get(name);
  if (!main) return [heading];
  const printer = new TreePrinter(wf, nodes, opts);
  printer.render(main, ' ', ' ');
  const rows = [heading, ...printer.rows];
  const onExit = roots.get(nodeId(name, `${name}.onExit`));
  if (onExit) {
    const exitPrinter = new TreePrinter(wf, nodes, opts);
    exitPrinter.render(onExit, ' ', ' ');
    rows.push('\t\t\t\t\t', ...exitPrinter.rows);
  }
  return rows;
}
