/**
 * @module store/store-errors
 * The errors every adapter raises for the same situations, worded as the Kubernetes API server words
 * them (Argo passes those texts through to its users, so `argo` habits and scripts carry over).
 */

import { ConflictError, ErrorCode, NotFoundError, NuncioError, StoreError } from '../errors/index.ts';

const resource = 'workflows.argoproj.io';

export function workflowExists(namespace: string, name: string): ConflictError {
  return new ConflictError(`${resource} "${name}" already exists`, {
    hint: `namespace "${namespace}" already has a workflow of that name: delete it first, or use metadata.generateName`,
    path: 'metadata.name',
  });
}

export function uidExists(uid: string): ConflictError {
  return new ConflictError(`a workflow with uid "${uid}" already exists`, {
    hint: 'leave metadata.uid empty on a new workflow and the store assigns one',
    path: 'metadata.uid',
  });
}

export function workflowNotFound(name: string): NotFoundError {
  return new NotFoundError(`${resource} "${name}" not found`, {
    hint: 'it may have been deleted; list the workflows to see which exist',
  });
}

export function uidNotFound(uid: string): NotFoundError {
  return new NotFoundError(`no workflow with uid "${uid}" is stored`, {
    hint: 'it may have been deleted; create the workflow before writing its nodes or logs',
  });
}

export function staleResourceVersion(name: string, given: string, stored: string): ConflictError {
  return new ConflictError(
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    {
      hint: `the change was based on resourceVersion "${given}" but the stored one is "${stored}": read the workflow again and reapply the change`,
      path: 'metadata.resourceVersion',
    },
  );
}

export function missingField(path: string): NuncioError {
  return new NuncioError(ErrorCode.BadRequest, `the workflow to store has no ${path}`, {
    hint:
      path === 'metadata.name'
        ? 'set metadata.name (metadata.generateName is turned into a name before the workflow is stored)'
        : 'pass the workflow as read from the store, which carries it',
    path,
  });
}

export function immutableField(path: string, stored: string, given: string): NuncioError {
  return new NuncioError(ErrorCode.BadRequest, `${path} cannot change from "${stored}" to "${given}"`, {
    hint: 'create a new workflow under the new name instead',
    path,
  });
}

export function unstorableNode(uid: string, nodeId: string, cause: unknown): StoreError {
  return new StoreError(`node "${nodeId}" of workflow uid "${uid}" cannot be stored as JSON`, {
    hint: 'a node status must be plain data (no cycles, no BigInt); nothing of this batch was written',
    path: `status.nodes.${nodeId}`,
    cause,
  });
}

export function storeClosed(what: string): StoreError {
  return new StoreError(`the store ${what} is closed`, {
    hint: 'open a new store; a closed one cannot be used again',
  });
}
