/**
 * Exact text of `argo get`. The expected texts below were compared byte for byte with the output of Argo
 * v4.0.5's own `PrintWorkflowHelper` for the same workflows (every output mode, with and without colour and
 * UTF-8, with and without node selectors); they are Argo's text, not a snapshot of ours.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NuncioError } from '../../errors/index.ts';
import type { Workflow } from '../../spec/types.ts';
import { renderWorkflow } from './get.ts';
import { nodesOf, workflowOf } from './testdata/build.ts';
import { dagWorkflow } from './testdata/dag-workflow.ts';
import { stepsWorkflow } from './testdata/steps-workflow.ts';

const now = Date.parse('2026-01-02T03:10:00Z');
const plain = { now, color: false, utf8: true } as const;

describe('renderWorkflow: a failed steps workflow', () => {
  it('prints the header block and the tree: forks for step groups, retry attempts, the exit handler', () => {
    const expected = [
      'Name:                steps-x7k2p',
      'Namespace:           argo',
      'ServiceAccount:      unset (will run with the default ServiceAccount)',
      'Status:              Failed',
      "Message:             child 'steps-x7k2p-2021193752' failed",
      'Conditions:          ',
      ' PodRunning          False',
      ' Completed           True',
      'Created:             Fri Jan 02 03:04:00 +0000 (6 minutes ago)',
      'Started:             Fri Jan 02 03:04:00 +0000 (6 minutes ago)',
      'Finished:            Fri Jan 02 03:05:28 +0000 (4 minutes ago)',
      'Duration:            1 minute 28 seconds',
      'Progress:            4/5',
      'ResourcesDuration:   1m10s*(1 cpu),1m5s*(100Mi memory)',
      'Parameters:          ',
      '  message:           hello',
      '',
      'STEP                   TEMPLATE      PODNAME                             DURATION  MESSAGE',
      " ✖ steps-x7k2p         main                                                        child 'steps-x7k2p-2021193752' failed  ",
      ' ├─┬─✔ flaky           flaky                                                                                              ',
      ' │ │ ├─✖ flaky(0)      flaky         steps-x7k2p-flaky-522640865         14s       main: Error (exit code 1)              ',
      ' │ │ └─✔ flaky(1)      flaky         steps-x7k2p-flaky-53014628          15s                                              ',
      ' │ └─✔ prepare         prepare       steps-x7k2p-prepare-3971343960      10s                                              ',
      " └─┬─○ notify          notify                                                      when 'b == a' evaluated false          ",
      '   ├─✔ print(0:a)      print         steps-x7k2p-print-1893715143        6s                                               ',
      '   └─✖ print(1:b)      print         steps-x7k2p-print-582543029         39s       main: Error (exit code 1)              ',
      '                                                                                                                          ',
      ' ✔ steps-x7k2p.onExit  exit-handler  steps-x7k2p-exit-handler-817451440  6s                                               ',
      '',
    ].join('\n');
    assert.equal(renderWorkflow(stepsWorkflow, { ...plain, output: 'default' }), expected);
  });

  it('-o wide adds artifacts, resources and host columns; the exit separator splits their alignment', () => {
    const expected = [
      'Name:                steps-x7k2p',
      'Namespace:           argo',
      'ServiceAccount:      unset (will run with the default ServiceAccount)',
      'Status:              Failed',
      "Message:             child 'steps-x7k2p-2021193752' failed",
      'Conditions:          ',
      ' PodRunning          False',
      ' Completed           True',
      'Created:             Fri Jan 02 03:04:00 +0000 (6 minutes ago)',
      'Started:             Fri Jan 02 03:04:00 +0000 (6 minutes ago)',
      'Finished:            Fri Jan 02 03:05:28 +0000 (4 minutes ago)',
      'Duration:            1 minute 28 seconds',
      'Progress:            4/5',
      'ResourcesDuration:   1m10s*(1 cpu),1m5s*(100Mi memory)',
      'Parameters:          ',
      '  message:           hello',
      '',
      'STEP                   TEMPLATE      PODNAME                             DURATION  ARTIFACTS         MESSAGE                                RESOURCESDURATION               NODENAME',
      " ✖ steps-x7k2p         main                                                                          child 'steps-x7k2p-2021193752' failed                                  ",
      ' ├─┬─✔ flaky           flaky                                                                                                                                                ',
      ' │ │ ├─✖ flaky(0)      flaky         steps-x7k2p-flaky-522640865         14s                         main: Error (exit code 1)                                              node-2',
      ' │ │ └─✔ flaky(1)      flaky         steps-x7k2p-flaky-53014628          15s                                                                                                node-1',
      ' │ └─✔ prepare         prepare       steps-x7k2p-prepare-3971343960      10s                                                                                                node-1',
      " └─┬─○ notify          notify                                                                        when 'b == a' evaluated false                                          ",
      '   ├─✔ print(0:a)      print         steps-x7k2p-print-1893715143        6s        report,main-logs                                                                         node-2',
      '   └─✖ print(1:b)      print         steps-x7k2p-print-582543029         39s                         main: Error (exit code 1)              39s*(1 cpu),39s*(100Mi memory)  node-1',
      '                                                                                                     ',
      ' ✔ steps-x7k2p.onExit  exit-handler  steps-x7k2p-exit-handler-817451440  6s                              node-2',
      '',
    ].join('\n');
    assert.equal(renderWorkflow(stepsWorkflow, { ...plain, output: 'wide' }), expected);
  });

  it('-o short --no-utf8 prints the table alone, with words for marks and ASCII tree lines', () => {
    const expected = [
      'STEP                           TEMPLATE      PODNAME                             DURATION  MESSAGE                                NODENAME',
      " Failed steps-x7k2p            main                                                        child 'steps-x7k2p-2021193752' failed  ",
      ' |-+-Succeeded flaky           flaky                                                                                              ',
      ' | | |-Failed flaky(0)         flaky         steps-x7k2p-flaky-522640865         14s       main: Error (exit code 1)              node-2',
      ' | | `-Succeeded flaky(1)      flaky         steps-x7k2p-flaky-53014628          15s                                              node-1',
      ' | `-Succeeded prepare         prepare       steps-x7k2p-prepare-3971343960      10s                                              node-1',
      " `-+-Skipped notify            notify                                                      when 'b == a' evaluated false          ",
      '   |-Succeeded print(0:a)      print         steps-x7k2p-print-1893715143        6s                                               node-2',
      '   `-Failed print(1:b)         print         steps-x7k2p-print-582543029         39s       main: Error (exit code 1)              node-1',
      '                                                                                                                                  ',
      ' Succeeded steps-x7k2p.onExit  exit-handler  steps-x7k2p-exit-handler-817451440  6s                                               node-2',
      '',
    ].join('\n');
    assert.equal(renderWorkflow(stepsWorkflow, { ...plain, output: 'short', utf8: false }), expected);
  });

  it("a node field selector hides the other nodes and lets the shown ones take the hidden parents' places", () => {
    const expected = [
      'STEP             TEMPLATE  PODNAME                      DURATION  MESSAGE                        NODENAME',
      ' ┬─✖ flaky(0)    flaky     steps-x7k2p-flaky-522640865  14s       main: Error (exit code 1)      node-2',
      " ┬─○ notify      notify                                           when 'b == a' evaluated false  ",
      ' └─✖ print(1:b)  print     steps-x7k2p-print-582543029  39s       main: Error (exit code 1)      node-1',
      '                                                                                                 ',
      '',
    ].join('\n');
    const opts = {
      ...plain,
      output: 'short',
      nodeFieldSelector: 'phase!=Succeeded,templateName!=main',
    } as const;
    assert.equal(renderWorkflow(stepsWorkflow, opts), expected);
  });

  it('--status P is the selector phase=P', () => {
    const byStatus = renderWorkflow(stepsWorkflow, { ...plain, output: 'default', status: 'Failed' });
    const bySelector = renderWorkflow(stepsWorkflow, {
      ...plain,
      output: 'default',
      nodeFieldSelector: 'phase=Failed',
    });
    assert.equal(byStatus, bySelector);
    assert.match(byStatus, /flaky\(0\)/);
    assert.doesNotMatch(byStatus, /prepare/);
  });

  it('refuses --status together with --node-field-selector, and a malformed selector', () => {
    const both = {
      ...plain,
      output: 'default',
      status: 'Failed',
      nodeFieldSelector: 'phase=Failed',
    } as const;
    assert.throws(() => renderWorkflow(stepsWorkflow, both), NuncioError);
    assert.throws(
      () => renderWorkflow(stepsWorkflow, { ...plain, output: 'default', nodeFieldSelector: 'phase' }),
      (e: unknown) => e instanceof NuncioError && e.message.includes("can't understand 'phase'"),
    );
  });
});

describe('renderWorkflow: a running DAG workflow', () => {
  it('hides TaskGroups, Omitted nodes, single-attempt retries and workflow hooks; marks a waiting suspend', () => {
    const expected = [
      'Name:                dag-4tq9w',
      'Namespace:           argo',
      'ServiceAccount:      runner',
      'Status:              Running (Suspended)',
      'Created:             Fri Jan 02 03:04:00 +0000 (6 minutes ago)',
      'Started:             Fri Jan 02 03:04:00 +0000 (6 minutes ago)',
      'Duration:            6 minutes 0 seconds',
      'EstimatedDuration:   5 minutes 0 seconds',
      'Progress:            2/6',
      '',
      'STEP                  TEMPLATE     PODNAME                     DURATION  MESSAGE',
      ' ● dag-4tq9w          main                                                                        ',
      ' ├─✔ A                common/echo  dag-4tq9w-echo-1874952392   10s                                ',
      ' ├─✔ A.hooks.running  log          dag-4tq9w-log-3804541707    4s                                 ',
      ' ├─✔ B(0:x)           echo         dag-4tq9w-echo-2995337814   5s                                 ',
      ' ├─● B(1:y)           echo         dag-4tq9w-echo-952928098    5m                                 ',
      ' ├─◷ B(2:z)           echo         dag-4tq9w-echo-2151524422   5m        Waiting for a free slot  ',
      ' ├─ǁ D                approve                                                                     ',
      ' └─● E(0)             flaky        dag-4tq9w-flaky-1001571903  5m                                 ',
      '',
    ].join('\n');
    assert.equal(renderWorkflow(dagWorkflow, { ...plain, output: 'default' }), expected);
  });

  it('colours every mark and the STEP heading once, so the columns stay aligned on screen', () => {
    const expected = [
      '\u001b[39mSTEP\u001b[0m                  TEMPLATE     PODNAME                     DURATION  MESSAGE                  NODENAME',
      ' \u001b[36m●\u001b[0m dag-4tq9w          main                                                                        ',
      ' ├─\u001b[32m✔\u001b[0m A                common/echo  dag-4tq9w-echo-1874952392   10s                                ',
      ' ├─\u001b[32m✔\u001b[0m A.hooks.running  log          dag-4tq9w-log-3804541707    4s                                 ',
      ' ├─\u001b[32m✔\u001b[0m B(0:x)           echo         dag-4tq9w-echo-2995337814   5s                                 ',
      ' ├─\u001b[36m●\u001b[0m B(1:y)           echo         dag-4tq9w-echo-952928098    5m                                 ',
      ' ├─\u001b[33m◷\u001b[0m B(2:z)           echo         dag-4tq9w-echo-2151524422   5m        Waiting for a free slot  ',
      ' ├─\u001b[36mǁ\u001b[0m D                approve                                                                     ',
      ' └─\u001b[36m●\u001b[0m E(0)             flaky        dag-4tq9w-flaky-1001571903  5m                                 ',
      '',
    ].join('\n');
    assert.equal(renderWorkflow(dagWorkflow, { ...plain, color: true, output: 'short' }), expected);
  });

  it('emits no escape sequence when colour is off', () => {
    for (const output of ['default', 'wide', 'short'] as const) {
      assert.doesNotMatch(renderWorkflow(dagWorkflow, { ...plain, output }), /\x1b/);
    }
  });
});

describe('renderWorkflow: header block', () => {
  const pending: Workflow = workflowOf(
    'from-template-h2k4d',
    {
      workflowTemplateRef: { name: 'build' },
      arguments: { parameters: [{ name: 'ref', value: 'ignored' }] },
    },
    {
      phase: 'Failed',
      message: "Stopped with strategy 'Terminate'",
      conditions: [{ type: 'SpecWarning', status: 'True', message: 'spec.ttl is deprecated' }],
      storedWorkflowTemplateSpec: {
        serviceAccountName: 'builder',
        arguments: {
          parameters: [
            { name: 'ref', value: 'main' },
            { name: 'a-rather-long-name', value: 'x' },
          ],
        },
      },
      outputs: {
        parameters: [
          { name: 'digest', value: 'sha256:abc' },
          { name: 'fallback', default: 'none', valueFrom: { path: '/tmp/x' } },
          { name: 'absent' },
        ],
        artifacts: [
          {
            name: 'image',
            s3: {
              endpoint: 'minio:9000',
              bucket: 'art',
              key: 'a/b.tgz',
              insecure: true,
              accessKeySecret: { name: 'cred', key: 'ak' },
            },
          },
          { name: 'note', raw: { data: 'hi' } },
          { name: 'page', http: { url: 'https://example.com/x', headers: [{ name: 'A', value: 'b' }] } },
          { name: 'kept', local: { key: 'from-template-h2k4d/kept.tgz' } },
          { name: 'nowhere' },
        ],
      },
    },
  );
  pending.spec.shutdown = 'Terminate';

  it('uses the stored template spec, prints conditions with their marks, outputs and artifact locations', () => {
    const expected = [
      'Name:                from-template-h2k4d',
      'Namespace:           argo',
      'ServiceAccount:      builder',
      'Status:              Failed (Terminated)',
      "Message:             Stopped with strategy 'Terminate'",
      'Conditions:          ',
      '⚠ SpecWarning        spec.ttl is deprecated',
      'Created:             Fri Jan 02 03:04:00 +0000 (6 minutes ago)',
      'Progress:            ',
      'Parameters:          ',
      '  ref:               main',
      '  a-rather-long-name: x',
      'Output Parameters:   ',
      '  digest:            sha256:abc',
      '  fallback:          none',
      'Output Artifacts:    ',
      '  image:             &S3Artifact{S3Bucket:S3Bucket{Endpoint:minio:9000,Bucket:art,Region:,Insecure:*true,' +
        'AccessKeySecret:&v1.SecretKeySelector{LocalObjectReference:LocalObjectReference{Name:cred,},Key:ak,Optional:nil,},' +
        'SecretKeySecret:nil,RoleARN:,UseSDKCreds:false,CreateBucketIfNotPresent:nil,EncryptionOptions:nil,CASecret:nil,' +
        'SessionTokenSecret:nil,},Key:a/b.tgz,}',
      '  note:              &RawArtifact{Data:hi,}',
      '  page:              &HTTPArtifact{URL:https://example.com/x,Headers:[]Header{Header{Name:A,Value:b,},},Auth:nil,}',
      '  kept:              &LocalArtifact{Key:from-template-h2k4d/kept.tgz,}',
      '',
    ].join('\n');
    assert.equal(renderWorkflow(pending, { ...plain, output: 'default' }), expected);
  });

  it('-o short without nodes prints the header block (there is no table to print)', () => {
    assert.equal(
      renderWorkflow(pending, { ...plain, output: 'short' }),
      renderWorkflow(pending, { ...plain, output: 'default' }),
    );
  });

  it('says unset for a templated workflow without a service account, and Pending before any phase', () => {
    const wf = workflowOf('fresh-8sd2x', { workflowTemplateRef: { name: 'build' } }, { phase: '' });
    const text = renderWorkflow(wf, { ...plain, output: 'default' });
    assert.match(text, /^ServiceAccount: {6}unset$/m);
    assert.match(text, /^Status: {14}Pending$/m);
    assert.doesNotMatch(text, /Started:|Duration:|STEP/);
  });

  it('prints times in the requested zone, with its offset', () => {
    const text = renderWorkflow(stepsWorkflow, { ...plain, output: 'default', timeZone: 'Asia/Kolkata' });
    assert.match(text, /^Created: {13}Fri Jan 02 08:34:00 \+0530 \(6 minutes ago\)$/m);
  });
});

describe('renderWorkflow: node table details', () => {
  it('names the pod of a single-pod workflow after the workflow, and uses node IDs under pod names v1', () => {
    const wf = workflowOf(
      'hello-5lmqz',
      { entrypoint: 'main' },
      {
        phase: 'Succeeded',
        startedAt: '2026-01-02T03:04:00Z',
        finishedAt: '2026-01-02T03:04:09Z',
        nodes: nodesOf('hello-5lmqz', [
          {
            name: 'hello-5lmqz',
            displayName: 'hello-5lmqz',
            type: 'Pod',
            phase: 'Succeeded',
            template: 'main',
            startedAt: '2026-01-02T03:04:00Z',
            finishedAt: '2026-01-02T03:04:09Z',
          },
        ]),
      },
    );
    assert.equal(
      renderWorkflow(wf, { ...plain, output: 'short' }),
      [
        'STEP            TEMPLATE  PODNAME      DURATION  MESSAGE  NODENAME',
        ' ✔ hello-5lmqz  main      hello-5lmqz  9s                 ',
        '',
      ].join('\n'),
    );
    const v1 = structuredClone(stepsWorkflow);
    v1.metadata.annotations = { 'workflows.argoproj.io/pod-name-format': 'v1' };
    assert.match(
      renderWorkflow(v1, { ...plain, output: 'short' }),
      /print\(1:b\) +print +steps-x7k2p-582543029 +39s/,
    );
  });

  it('orders loop items started together by index, not by name', () => {
    const wf = 'many-9xk2d';
    const items = Array.from({ length: 12 }, (_, i) => `${wf}[0].sleep(${i}:item-${i})`);
    const nodes = nodesOf(wf, [
      {
        name: wf,
        displayName: wf,
        type: 'Steps',
        phase: 'Running',
        template: 'main',
        startedAt: '2026-01-02T03:04:00Z',
      },
      {
        name: `${wf}[0]`,
        displayName: '[0]',
        type: 'StepGroup',
        phase: 'Running',
        boundary: wf,
        children: items,
        startedAt: '2026-01-02T03:04:00Z',
      },
      ...items.map((name, i) => ({
        name,
        displayName: name.slice(`${wf}[0].`.length),
        type: 'Pod' as const,
        phase: 'Running' as const,
        template: 'sleep',
        boundary: wf,
        // the first two items start a second earlier: time comes before the index
        startedAt: i >= 10 ? '2026-01-02T03:04:00Z' : '2026-01-02T03:04:01Z',
      })),
    ]);
    const text = renderWorkflow(workflowOf(wf, {}, { phase: 'Running', nodes }), {
      ...plain,
      output: 'short',
    });
    const order = [...text.matchAll(/sleep\((\d+):/g)].map((m) => Number(m[1]));
    assert.deepEqual(order, [10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('orders retry attempts that tie on start time and loop index by name', () => {
    const wf = 'ties-2kd8s';
    const attempts = [2, 0, 1].map((k) => `${wf}[0].p(0:a)(${k})`);
    const nodes = nodesOf(wf, [
      {
        name: wf,
        displayName: wf,
        type: 'Steps',
        phase: 'Running',
        template: 'main',
        startedAt: '2026-01-02T03:04:00Z',
      },
      {
        name: `${wf}[0]`,
        displayName: '[0]',
        type: 'StepGroup',
        phase: 'Running',
        boundary: wf,
        children: [`${wf}[0].p(0:a)`],
      },
      {
        name: `${wf}[0].p(0:a)`,
        displayName: 'p(0:a)',
        type: 'Retry',
        phase: 'Running',
        boundary: wf,
        children: attempts,
      },
      ...attempts.map((name) => ({
        name,
        displayName: name.slice(`${wf}[0].`.length),
        type: 'Pod' as const,
        phase: 'Failed' as const,
        boundary: wf,
        startedAt: '2026-01-02T03:04:00Z',
      })),
    ]);
    const text = renderWorkflow(workflowOf(wf, {}, { phase: 'Running', nodes }), {
      ...plain,
      output: 'short',
    });
    assert.deepEqual(
      [...text.matchAll(/p\(0:a\)\((\d)\)/g)].map((m) => m[1]),
      ['0', '1', '2'],
    );
  });
});
