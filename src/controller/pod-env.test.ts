/**
 * @module controller/pod-env.test
 * Each kind of `valueFrom` a container's env may hold, resolved as the kubelet resolves it, and the errors
 * a pod would get instead of starting.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecError } from '../errors/index.ts';
import { type PodFacts, resolveEnv } from './pod-env.ts';

const pod: PodFacts = {
  name: 'wf-main-123',
  namespace: 'argo',
  uid: '0a1b2c3d-0000-4000-a000-000000000000',
  serviceAccountName: 'runner',
  labels: { app: 'demo', 'workflows.argoproj.io/workflow': 'wf' },
  annotations: { 'workflows.argoproj.io/node-name': 'wf.main' },
  host: { nodeName: 'laptop', ip: '10.0.0.7' },
};

const configMaps = (namespace: string, name: string): Record<string, string> | undefined =>
  namespace === 'argo' && name === 'settings' ? { mode: 'fast' } : undefined;

const field = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });

test('values as written, and the downward API’s fields', () => {
  const env = resolveEnv(
    [
      { name: 'PLAIN', value: 'x' },
      { name: 'EMPTY' },
      field('POD', 'metadata.name'),
      field('NS', 'metadata.namespace'),
      field('UID', 'metadata.uid'),
      field('SA', 'spec.serviceAccountName'),
      field('NODE', 'spec.nodeName'),
      field('POD_IP', 'status.podIP'),
      field('HOST_IP', 'status.hostIP'),
      field('APP', "metadata.labels['app']"),
      field('NODE_NAME', "metadata.annotations['workflows.argoproj.io/node-name']"),
      field('NONE', "metadata.labels['absent']"),
    ],
    () => pod,
    configMaps,
  );
  assert.deepEqual(Object.fromEntries(env.map((e) => [e.name, e.value])), {
    PLAIN: 'x',
    EMPTY: '',
    POD: 'wf-main-123',
    NS: 'argo',
    UID: pod.uid,
    SA: 'runner',
    NODE: 'laptop',
    POD_IP: '10.0.0.7',
    HOST_IP: '10.0.0.7',
    APP: 'demo',
    NODE_NAME: 'wf.main',
    NONE: '',
  });
});

test('a ConfigMap key, and what happens when the map or the key is missing', () => {
  const ref = (name: string, key: string, optional?: boolean) => ({
    name: 'V',
    valueFrom: { configMapKeyRef: { name, key, ...(optional ? { optional } : {}) } },
  });
  assert.deepEqual(
    resolveEnv([ref('settings', 'mode')], () => pod, configMaps),
    [{ name: 'V', value: 'fast' }],
  );
  assert.deepEqual(
    resolveEnv([ref('other', 'mode', true), ref('settings', 'nope', true)], () => pod, configMaps),
    [],
  );
  assert.throws(() => resolveEnv([ref('other', 'mode')], () => pod, configMaps), {
    message: 'configmap "other" not found',
  });
  assert.throws(() => resolveEnv([ref('settings', 'nope')], () => pod, configMaps), {
    message: "couldn't find key nope in ConfigMap argo/settings",
  });
});

test('a secret is left out when optional and fails the pod otherwise', () => {
  const ref = (optional: boolean) => ({
    name: 'TOKEN',
    valueFrom: { secretKeyRef: { name: 'creds', key: 'token', optional } },
  });
  assert.deepEqual(
    resolveEnv([ref(true)], () => pod, configMaps),
    [],
  );
  assert.throws(
    () => resolveEnv([ref(false)], () => pod, configMaps),
    (e: unknown) =>
      e instanceof SpecError && e.message === 'secret "creds" not found' && /TOKEN/.test(e.hint ?? ''),
  );
});

test('a field Kubernetes does not give env, and resourceFieldRef, are errors that say so', () => {
  assert.throws(
    () => resolveEnv([field('L', 'metadata.labels')], () => pod, configMaps),
    /fieldPath 'metadata.labels' is not supported/,
  );
  assert.throws(
    () =>
      resolveEnv(
        [{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }],
        () => pod,
        configMaps,
      ),
    /resourceFieldRef is not supported/,
  );
});
