/** @module artifacts/location.test */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLocation, locationKind, pickLocation, withSubPath } from './location.ts';

describe('location helpers', () => {
  it('finds the kind of a location and ignores archiveLogs', () => {
    assert.equal(locationKind({ archiveLogs: true, s3: { key: 'k' } }), 's3');
    assert.equal(locationKind({ archiveLogs: true }), undefined);
  });
  it('picks only location fields', () => {
    assert.deepEqual(pickLocation({ local: { key: 'k' }, archiveLogs: true }), { local: { key: 'k' } });
  });
  it('describes locations for messages', () => {
    assert.equal(describeLocation({ s3: { bucket: 'b', key: 'k' } }), 's3:b/k');
    assert.equal(describeLocation({ http: { url: 'https://x/y' } }), 'http:https://x/y');
    assert.equal(describeLocation({}), '(no location)');
  });
  it('narrows key locations and URLs with subPath', () => {
    assert.deepEqual(withSubPath({ local: { key: 'wf/pod/dir/' } }, '/sub/f.txt'), {
      local: { key: 'wf/pod/dir/sub/f.txt' },
    });
    assert.deepEqual(withSubPath({ http: { url: 'https://h/a/b' } }, 'c'), {
      http: { url: 'https://h/a/b/c' },
    });
    assert.deepEqual(withSubPath({ local: { key: 'k' } }, undefined), { local: { key: 'k' } });
    assert.throws(() => withSubPath({ raw: { data: 'x' } }, 'a'), /subPath 'a' cannot be applied to a raw/);
  });
});
