/**
 * @module main/local-store
 * The store the CLI's read verbs (`list`, `get`, `logs`) use in embedded mode: the SQLite database under
 * `$NUNCIO_HOME`, opened without starting an engine, with the workflows of processes that died settled
 * first (see `runner.ts`).
 */

import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { WorkflowStore } from '../store/store.ts';
import { homeLayout } from './home.ts';
import { settleOrphans } from './runner.ts';

export async function openLocalStore(home?: string): Promise<WorkflowStore> {
  const store = new SqliteStore({ directory: homeLayout(home).db });
  try {
    await settleOrphans(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
