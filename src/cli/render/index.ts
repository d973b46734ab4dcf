/**
 * @module cli/render
 * Pure functions that turn Argo Workflow objects into the text the `argo` CLI prints (`get`, `list`,
 * `watch`, `wait`), so that users' habits and scripts carry over. No I/O: the clock, the terminal size,
 * colour and the time zone are parameters. See README.md for the rules and the known differences.
 */

export { type RenderWorkflowOptions, renderWorkflow } from './get.ts';
export {
  countPods,
  type ListRow,
  listRowFromWorkflow,
  type PodCounts,
  type RenderListOptions,
  renderList,
  sortForList,
} from './list.ts';
export { type NodeSelector, parseNodeSelector } from './node-selector.ts';
export { nodeId, podName, podNameVersion } from './pod-name.ts';
export { isWaitOver, renderWaitLine, type WaitLineOptions, waitSucceeded } from './wait.ts';
export {
  renderProgressLine,
  renderProgressLines,
  renderWatchFrame,
  WATCH_CLEAR,
  type WatchFrameOptions,
} from './watch.ts';
export { workflowStatusText } from './workflow-status.ts';
