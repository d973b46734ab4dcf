/**
 * What a cluster would already hold when these examples are submitted, and which the examples assume
 * without shipping it: the ConfigMap `my-config` whose keys are the semaphore limits of the
 * synchronization examples (as Argo's e2e environment provides it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function environmentDocs(home: string): string {
  const dir = join(home, 'environment');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'semaphore-limits.yaml'),
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: my-config',
      'data:',
      '  workflow: "1"',
      '  template: "2"',
      '',
    ].join('\n'),
  );
  return dir;
}
