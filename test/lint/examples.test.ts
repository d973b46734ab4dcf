/**
 * Argo's own examples lint clean when linted together (as `argo lint examples/` does, so templateRefs
 * across files resolve), except the few Argo itself rejects (argo-rejects.ts).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { formatLintReport } from '../../src/spec/lint/format-report.ts';
import { lintPaths } from '../../src/spec/lint/lint-paths.ts';
import { argoRejects } from './argo-rejects.ts';

const examples = '/work/shared/conformance/argo-examples';
const skip = existsSync(examples) ? false : `the Argo examples are not on this machine (${examples})`;

describe('Argo examples', { skip }, () => {
  it("lint clean except the files Argo rejects, and those fail for Argo's reason", async () => {
    const report = await lintPaths([examples]);
    const failing = new Map<string, string[]>();
    for (const r of report.results) {
      if (r.diagnostics.length > 0)
        failing.set(
          relative(examples, r.file),
          r.diagnostics.map((d) => d.message),
        );
    }
    const expected = new Set(argoRejects.map((r) => r.file));
    const unexpected = [...failing.keys()].filter((f) => !expected.has(f));
    assert.deepEqual(
      unexpected,
      [],
      `examples that should lint clean:\n${formatLintReport(report, 'simple')}`,
    );
    for (const reject of argoRejects) {
      const messages = failing.get(reject.file);
      assert.ok(messages, `${reject.file} lints clean, but Argo rejects it: ${reject.reason}`);
      assert.ok(
        messages.some((m) => m.includes(reject.expect)),
        `${reject.file}: expected a problem containing ${JSON.stringify(reject.expect)}, got ${messages.join(' | ')}`,
      );
    }
  });

  it('lints every Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow file', async () => {
    const report = await lintPaths([examples]);
    const linted = report.results.filter((r) => r.linted).map((r) => relative(examples, r.file));
    // Files without an Argo manifest of a linted kind: a ConfigMap, a PVC, a ResourceQuota, two
    // WorkflowEventBindings (argo lint skips those too).
    const notLinted = report.results.filter((r) => !r.linted).map((r) => relative(examples, r.file));
    assert.deepEqual(notLinted.sort(), [
      'configmaps/simple-parameters-configmap.yaml',
      'testvolume.yaml',
      'workflow-count-resourcequota.yaml',
      'workflow-event-binding/event-consumer-workfloweventbinding.yaml',
      'workflow-event-binding/github-path-filter-workfloweventbinding.yaml',
    ]);
    assert.equal(linted.length + notLinted.length, report.results.length);
    assert.equal(report.results.length, 217);
  });
});
