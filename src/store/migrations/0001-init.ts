/**
 * @module store/migrations/0001-init
 * The first schema: workflows (one row each, the object without its nodes), nodes (one row per node, so
 * that writing one costs the same in any workflow size) and logs (one row per line, in sequence).
 */

import type { Migration } from './migration.ts';

export const init: Migration = {
  version: 1,
  name: 'init',
  sqlite: `
CREATE TABLE workflows (
  uid              TEXT PRIMARY KEY,
  namespace        TEXT NOT NULL,
  name             TEXT NOT NULL,
  phase            TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  -- epoch milliseconds of created_at and finished_at, for Argo's list order
  created_ms       INTEGER NOT NULL,
  started_at       TEXT,
  finished_at      TEXT,
  finished_ms      INTEGER,
  message          TEXT,
  progress         TEXT,
  labels           TEXT NOT NULL DEFAULT '{}',
  resource_version INTEGER NOT NULL,
  -- the Workflow as JSON without status.nodes and metadata.resourceVersion
  object           TEXT NOT NULL,
  UNIQUE (namespace, name)
);

CREATE TABLE nodes (
  uid  TEXT NOT NULL REFERENCES workflows (uid) ON DELETE CASCADE,
  id   TEXT NOT NULL,
  node TEXT NOT NULL,
  PRIMARY KEY (uid, id)
) WITHOUT ROWID;

CREATE TABLE logs (
  -- AUTOINCREMENT: a sequence number is never reused, even after deletes, so followers can resume
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  uid       TEXT NOT NULL REFERENCES workflows (uid) ON DELETE CASCADE,
  node_id   TEXT NOT NULL,
  container TEXT NOT NULL,
  stream    TEXT NOT NULL CHECK (stream IN ('stdout', 'stderr')),
  time      TEXT NOT NULL,
  content   TEXT NOT NULL
);

CREATE INDEX logs_by_node ON logs (uid, node_id, seq);
-- an index on uid alone also orders by seq (the rowid), for reading all of a workflow's lines
CREATE INDEX logs_by_workflow ON logs (uid);
`,
};
