/**
 * @module store/migrations/0002-controls
 * Control requests (suspend, resume, stop, terminate, node set) that a command in another process leaves
 * for the process running the workflow, which takes them in order.
 */

import type { Migration } from './migration.ts';

export const controls: Migration = {
  version: 2,
  name: 'controls',
  sqlite: `
CREATE TABLE controls (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  uid  TEXT NOT NULL REFERENCES workflows (uid) ON DELETE CASCADE,
  body TEXT NOT NULL
);
CREATE INDEX controls_by_workflow ON controls (uid, seq);
`,
};
