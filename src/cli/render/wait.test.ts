/** The `argo wait` line. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dagWorkflow } from './testdata/dag-workflow.ts';
import { stepsWorkflow } from './testdata/steps-workflow.ts';
import { isWaitOver, renderWaitLine, waitSucceeded } from './wait.ts';

describe('renderWaitLine', () => {
  it('prints name, phase and the finish time in Go layout', () => {
    assert.equal(renderWaitLine(stepsWorkflow), 'steps-x7k2p Failed at 2026-01-02 03:05:28 +0000 UTC\n');
    assert.equal(
      renderWaitLine(stepsWorkflow, { timeZone: 'Europe/Paris' }),
      'steps-x7k2p Failed at 2026-01-02 04:05:28 +0100 CET\n',
    );
  });

  it('prints nothing while the workflow has no finish time', () => {
    assert.equal(renderWaitLine(dagWorkflow), undefined);
    assert.equal(isWaitOver(dagWorkflow), false);
    assert.equal(isWaitOver(stepsWorkflow), true);
  });

  it('counts Failed and Error as unsuccessful (exit 1)', () => {
    assert.equal(waitSucceeded(stepsWorkflow), false);
    const errored = structuredClone(stepsWorkflow);
    errored.status!.phase = 'Error';
    assert.equal(waitSucceeded(errored), false);
    errored.status!.phase = 'Succeeded';
    assert.equal(waitSucceeded(errored), true);
  });
});
