/** @module artifacts/repository.test */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultOutputKey, keyFormatOf, outputFileName, repositoryLocation } from './repository.ts';

describe('defaultOutputKey', () => {
  const base = { workflowName: 'artifact-passing-x7k2', podName: 'artifact-passing-x7k2-gen-123' };
  it('uses <workflow>/<pod>/<artifact>.tgz for tar', () => {
    assert.equal(
      defaultOutputKey({
        ...base,
        artifact: { name: 'hello-art', path: '/tmp/hello_world.txt', archive: 'tar' },
      }),
      'artifact-passing-x7k2/artifact-passing-x7k2-gen-123/hello-art.tgz',
    );
  });
  it('uses the base name of the path for archive none, and .zip for zip', () => {
    assert.equal(
      defaultOutputKey({ ...base, artifact: { name: 'a', path: '/tmp/out/report.csv', archive: 'none' } }),
      'artifact-passing-x7k2/artifact-passing-x7k2-gen-123/report.csv',
    );
    assert.equal(outputFileName({ name: 'a', archive: 'zip' }), 'a.zip');
  });
  it('takes a substituted keyFormat as prefix', () => {
    assert.equal(
      defaultOutputKey({
        ...base,
        keyPrefix: 'my-artifacts/2026/01',
        artifact: { name: 'x', archive: 'tar' },
      }),
      'my-artifacts/2026/01/x.tgz',
    );
  });
  it('refuses archive none without a path', () => {
    assert.throws(() => outputFileName({ name: 'x', archive: 'none' }), /archive none but no path/);
  });
});

describe('repositoryLocation', () => {
  it('builds a local location', () => {
    assert.deepEqual(repositoryLocation({ local: { path: '/var/lib/nuncio/artifacts' } }, 'a/b.tgz'), {
      local: { key: 'a/b.tgz' },
    });
  });
  it('builds an s3 location without the key format', () => {
    const repo = { s3: { bucket: 'b', endpoint: 'minio:9000', keyFormat: 'x/{{pod.name}}' } };
    assert.deepEqual(repositoryLocation(repo, 'k'), {
      s3: { bucket: 'b', endpoint: 'minio:9000', key: 'k' },
    });
    assert.equal(keyFormatOf(repo), 'x/{{pod.name}}');
  });
  it('explains a missing repository', () => {
    assert.throws(() => repositoryLocation({}, 'k'), /no artifact repository is configured/);
    assert.equal(keyFormatOf({}), '{{workflow.name}}/{{pod.name}}');
  });
});
