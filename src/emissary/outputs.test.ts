/** @module emissary/outputs.test — where each container's archived log goes. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLocation } from './outputs.ts';

describe('logLocation', () => {
  it('main’s log goes where the task says; another container’s next to it, named after it', () => {
    const main = { local: { key: 'wf/wf-main-123/main.log' } };
    assert.deepEqual(logLocation(main, 'main'), main);
    assert.deepEqual(logLocation(main, 'b'), { local: { key: 'wf/wf-main-123/b.log' } });
    assert.deepEqual(logLocation({ s3: { bucket: 'x', key: 'main.log' } }, 'b'), {
      s3: { bucket: 'x', key: 'b.log' },
    });
  });

  it('gives up on a location that does not follow the main.log naming', () => {
    assert.equal(logLocation({ local: { key: 'logs/domain.log' } }, 'b'), undefined);
    assert.equal(logLocation({ http: { url: 'http://h/main.log' } }, 'b'), undefined);
  });
});
