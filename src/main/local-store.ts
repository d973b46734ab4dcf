/**
 * @module main/local-store
 * The store the CLI's read verbs (`list`, `get`, `logs`) use in embedded mode: the SQLite database under
 * `$NUNCIO_HOME`, opened without starting an engine.
 */

import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { WorkflowStore } from '../store/store.ts';
import { homeLayout } from './home.ts';

export function openLocalStore(home?: string): WorkflowStore {
  return new SqliteStore({ directory: homeLayout(home).db });
}
