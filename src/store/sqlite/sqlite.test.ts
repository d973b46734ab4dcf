/**
 * @module store/sqlite/sqlite.test
 * The SQLite store against the shared contract, each store in its own temporary directory; a second
 * instance over the same storage is a second connection to the same file.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from '../store.contract.ts';
import type { WorkflowStore } from '../store.ts';
import { SqliteStore } from './sqlite-store.ts';

const directories = new Map<WorkflowStore, string>();

after(() => {
  for (const dir of new Set(directories.values())) rmSync(dir, { recursive: true, force: true });
});

runStoreContract('sqlite', async (sameStorageAs) => {
  const directory =
    (sameStorageAs && directories.get(sameStorageAs)) ?? mkdtempSync(join(tmpdir(), 'nuncio-store-'));
  const store = new SqliteStore({ directory });
  directories.set(store, directory);
  return store;
});
